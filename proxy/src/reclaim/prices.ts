import type { LocationValue, Money, PriceRow } from "../contract/reclaim.js";
import { validCurrency } from "../contract/reclaim.js";
import { ApiError } from "../http/errors.js";
import type { Db } from "../store/db.js";
import { currentOf } from "../sync/copy-reads.js";
import { csvRecords } from "./csv-records.js";
import { digitsOf, fromMinor, Purse, toMinor } from "./money.js";

const norm = (h: string) => h.toLowerCase().replace(/[\s_.-]/g, "");

/** What each title cost per licence, entered by an admin or imported (adamId, price, currency). */
export class Prices {
  constructor(private readonly db: Db) {}

  all(): Map<string, Money> {
    const rows = this.db.prepare("SELECT adam_id, amount, currency FROM reclaim_prices").all() as {
      adam_id: string;
      amount: string;
      currency: string;
    }[];
    return new Map(rows.map((r) => [r.adam_id, { amount: r.amount, currency: r.currency }]));
  }

  list(): PriceRow[] {
    return (
      this.db.prepare("SELECT * FROM reclaim_prices ORDER BY adam_id").all() as {
        adam_id: string;
        amount: string;
        currency: string;
        updated_by: string;
        updated_at: number;
      }[]
    ).map((r) => ({
      adamId: r.adam_id,
      amount: r.amount,
      currency: r.currency,
      updatedBy: r.updated_by,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** The amount as the currency writes it ("4.5" USD → "4.50"); refused when it has too many decimals. */
  static normalise(amount: string, currency: string): string {
    const minor = toMinor(amount, currency);
    if (minor === undefined)
      throw new ApiError(
        400,
        "BAD_PRICE",
        `${currency} has ${digitsOf(currency)} decimal places; ${amount} has more.`,
      );
    return fromMinor(minor, currency);
  }

  set(adamId: string, price: Money, actor: string): void {
    const amount = Prices.normalise(price.amount, price.currency);
    this.db
      .prepare(
        `INSERT INTO reclaim_prices (adam_id, amount, currency, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (adam_id) DO UPDATE SET amount = excluded.amount, currency = excluded.currency,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(adamId, amount, price.currency, actor, Date.now());
  }

  delete(adamId: string): void {
    this.db.prepare("DELETE FROM reclaim_prices WHERE adam_id = ?").run(adamId);
  }

  /**
   * A price list (adamId, price, currency — header detected, or those three by position): every
   * good line is saved, every bad one listed; a file with nothing good changes nothing.
   */
  importCsv(text: string, actor: string): { saved: number; problems: { line: number; message: string }[] } {
    const { rows, broken } = csvRecords(text);
    const problems = [...broken];
    const head = (rows[0]?.cells ?? []).map(norm);
    const header = head.some((h) => /adamid|price|currency/.test(h));
    const at = (re: RegExp, fallback: number) => {
      const i = head.findIndex((h) => re.test(h));
      return header ? i : fallback;
    };
    const [ai, pi, ci] = [at(/adamid|^id$/, 0), at(/price|amount|cost/, 1), at(/currency/, 2)];
    if (header && (ai < 0 || pi < 0 || ci < 0))
      throw new ApiError(
        400,
        "PRICE_COLUMNS",
        "A price list needs adamId, price and currency columns. Nothing was saved.",
      );
    const good: [string, Money][] = [];
    for (const { line, cells } of rows.slice(header ? 1 : 0)) {
      const adamId = (cells[ai] ?? "").trim();
      const amount = (cells[pi] ?? "").trim().replace(/^[$€£¥]/, "");
      const currency = (cells[ci] ?? "").trim().toUpperCase();
      if (!/^\d{1,20}$/.test(adamId)) problems.push({ line, message: `adamId "${adamId}" is not digits` });
      else if (!/^\d{1,9}(\.\d{1,4})?$/.test(amount))
        problems.push({ line, message: `price "${amount}" is not a number like 4.99` });
      else if (!validCurrency(currency))
        problems.push({ line, message: `currency "${currency}" is not an ISO 4217 code like USD` });
      else if (toMinor(amount, currency) === undefined)
        problems.push({
          line,
          message: `${currency} has ${digitsOf(currency)} decimal places; ${amount} has more`,
        });
      else good.push([adamId, { amount, currency }]);
    }
    if (good.length === 0)
      throw new ApiError(
        400,
        "NO_PRICES",
        `No line of the file has a usable price${problems[0] ? ` (line ${problems[0].line}: ${problems[0].message})` : ""}. Nothing was saved.`,
      );
    this.db.transaction(() => {
      for (const [adamId, price] of good) this.set(adamId, price, actor);
    })();
    return { saved: good.length, problems: problems.sort((a, b) => a.line - b.line).slice(0, 200) };
  }

  /** Owned, assigned and unassigned value of a location's titles, per currency (unlimited ones have no count). */
  locationValue(locationId: string): LocationValue {
    const c = currentOf(this.db, locationId);
    const rows = this.db
      .prepare("SELECT adam_id, total, assigned, available FROM copy_assets WHERE loc = ? AND unlimited = 0")
      .all(c.loc) as { adam_id: string; total: number | null; assigned: number; available: number | null }[];
    const prices = this.all();
    const sums = new Map<string, { owned: Purse; assigned: Purse; unassigned: Purse }>();
    let unpricedTitles = 0;
    for (const r of rows) {
      const p = prices.get(r.adam_id);
      if (!p) {
        unpricedTitles++;
        continue;
      }
      const s = sums.get(p.currency) ?? {
        owned: new Purse(),
        assigned: new Purse(),
        unassigned: new Purse(),
      };
      sums.set(p.currency, s);
      s.owned.add(p, r.total ?? 0);
      s.assigned.add(p, r.assigned);
      s.unassigned.add(p, r.available ?? 0);
    }
    const amount = (purse: Purse, currency: string) => purse.list()[0]?.amount ?? fromMinor(0, currency);
    return {
      perCurrency: [...sums]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, s]) => ({
          currency,
          owned: amount(s.owned, currency),
          assigned: amount(s.assigned, currency),
          unassigned: amount(s.unassigned, currency),
        })),
      titles: rows.length,
      unpricedTitles,
    };
  }
}
