import type { ReclaimAction, RuleQuery } from "../contract/reclaim.js";
import { isActiveUser } from "../contract/index.js";
import { ApiError } from "../http/errors.js";
import type { Statement } from "better-sqlite3";
import type { Db } from "../store/db.js";
import { currentOf } from "../sync/copy-reads.js";
import { aggregateTargets } from "./aggregate.js";
import { emailKey, idKey } from "./list-file.js";
import type { Summary } from "./summary.js";

const DAY = 86_400_000;
const SLICE = 500;

/** One licence a rule selects, in the order every selection is visited: kind, target, adamId, pricingParam. */
export interface Licence {
  kind: "device" | "user";
  target: string;
  adamId: string;
  pricingParam: string;
  reason: string;
  /** Apple cannot take it back (a book or another non-revocable asset). */
  leftOut: boolean;
}

export interface Selection {
  action: ReclaimAction;
  syncedAt: string | null;
  /** Every selected licence, in order, a slice at a time (a second pass gives the same, if the copy did not move). */
  batches(): Iterable<Licence[]>;
  /** The same summary as a pass over batches() gives, counted by the store (no object per licence). */
  aggregate?: () => Summary;
}

export interface Copy {
  db: Db;
  loc: number;
  gen: number;
  locationId: string;
  /** "adamId:pricingParam" → revocable. */
  revocable: Map<string, boolean>;
}

function copyOf(db: Db, locationId: string): Copy & { syncedAt: string | null } {
  const c = currentOf(db, locationId);
  if (c.gen <= 0)
    throw new ApiError(
      409,
      "NOT_SYNCED",
      "This location's copy has not been read from Apple yet; rules run on the copy once the first import is in.",
    );
  const rows = db
    .prepare("SELECT adam_id, pricing_param, revocable FROM copy_assets WHERE loc = ?")
    .all(c.loc) as { adam_id: string; pricing_param: string; revocable: number }[];
  return {
    db,
    loc: c.loc,
    gen: c.gen,
    locationId,
    syncedAt: c.syncedAt ?? null,
    revocable: new Map(rows.map((r) => [`${r.adam_id}:${r.pricing_param}`, r.revocable === 1])),
  };
}

function listKeys(db: Db, listId: string): Map<string, number | null> {
  const rows = db
    .prepare("SELECT key, seen_at FROM reclaim_list_entries WHERE list_id = ?")
    .raw()
    .all(listId) as [string, number | null][];
  return new Map(rows);
}

/** The distinct devices or users holding licences in the copy, sorted. */
function holders(copy: Copy, kind: "device" | "user"): string[] {
  const rows = copy.db
    .prepare(
      "SELECT DISTINCT target FROM copy_assignments INDEXED BY copy_assignments_target WHERE loc = ? AND gen = ? AND kind = ? ORDER BY target",
    )
    .pluck()
    .all(copy.loc, copy.gen, kind) as string[];
  return rows;
}

/** Every licence the chosen targets hold, target by target (sorted), with the target's reason. */
export function* licencesOf(
  copy: Copy,
  kind: "device" | "user",
  targets: [string, string][],
): Generator<Licence[]> {
  const statements = new Map<number, Statement<unknown[]>>();
  const stmt = (n: number) => {
    let s = statements.get(n);
    if (!s) {
      s = copy.db
        .prepare(
          `SELECT target, adam_id, pricing_param FROM copy_assignments INDEXED BY copy_assignments_target
           WHERE target IN (${Array.from({ length: n }, () => "?").join(",")}) AND loc = ? AND gen = ? AND kind = ?
           ORDER BY target, adam_id, pricing_param`,
        )
        .raw();
      statements.set(n, s);
    }
    return s;
  };
  for (let i = 0; i < targets.length; i += SLICE) {
    const part = targets.slice(i, i + SLICE);
    const reasons = new Map(part);
    const rows = stmt(part.length).all([...part.map(([t]) => t), copy.loc, copy.gen, kind]) as [
      string,
      string,
      string,
    ][];
    yield rows.map(([target, adamId, pricingParam]) => ({
      kind,
      target,
      adamId,
      pricingParam,
      reason: reasons.get(target) as string,
      leftOut: copy.revocable.get(`${adamId}:${pricingParam}`) === false,
    }));
  }
}

function deviceRule(
  copy: Copy,
  query: Extract<RuleQuery, { kind: "not-in-inventory" | "not-seen" }>,
  now: number,
) {
  const inventory = listKeys(copy.db, query.listId);
  const choice = new Choice();
  const cutoff = now - (query.kind === "not-seen" ? query.days : 0) * DAY;
  for (const serial of holders(copy, "device")) {
    if (query.kind === "not-in-inventory") {
      choice.add(serial, inventory.has(serial) ? undefined : "not in the inventory");
      continue;
    }
    const seen = inventory.get(serial);
    choice.add(
      serial,
      typeof seen === "number" && seen < cutoff
        ? `last seen ${new Date(seen).toISOString().slice(0, 10)}`
        : undefined,
    );
  }
  return choice;
}

/** The holders a rule chose (with why) and the ones it did not, both in order. */
export class Choice {
  readonly chosen: [string, string][] = [];
  readonly others: string[] = [];

  add(target: string, reason: string | undefined): void {
    if (reason === undefined) this.others.push(target);
    else this.chosen.push([target, reason]);
  }
}

function userRule(copy: Copy, query: Extract<RuleQuery, { kind: "retired-users" | "not-in-roster" }>) {
  const rows = copy.db
    .prepare(
      `SELECT h.target, u.status, coalesce(u.email, p.email) AS email FROM
         (SELECT DISTINCT target FROM copy_assignments WHERE loc = ? AND gen = ? AND kind = 'user') h
       LEFT JOIN copy_users u ON u.loc = ? AND u.gen = ? AND u.client_user_id = h.target
       LEFT JOIN people p ON p.location_id = ? AND p.client_user_id = h.target
       ORDER BY h.target`,
    )
    .all(copy.loc, copy.gen, copy.loc, copy.gen, copy.locationId) as {
    target: string;
    status: string | null;
    email: string | null;
  }[];
  const choice = new Choice();
  if (query.kind === "retired-users") {
    for (const r of rows)
      choice.add(
        r.target,
        r.status !== null && !isActiveUser(r.status) ? `Apple has them as ${r.status}` : undefined,
      );
    return choice;
  }
  if (query.listId !== undefined) {
    const roster = listKeys(copy.db, query.listId);
    for (const r of rows)
      choice.add(
        r.target,
        roster.has(idKey(r.target)) || (r.email && roster.has(emailKey(r.email)))
          ? undefined
          : "not in the roster",
      );
    return choice;
  }
  const members = new Set(
    copy.db
      .prepare("SELECT client_user_id FROM people_groups WHERE location_id = ? AND grp = ?")
      .pluck()
      .all(copy.locationId, query.group) as string[],
  );
  for (const r of rows) choice.add(r.target, members.has(r.target) ? undefined : `not in "${query.group}"`);
  return choice;
}

function fewHolders(copy: Copy, below: number): Licence[][] {
  const titles = copy.db
    .prepare(
      `SELECT adam_id, pricing_param, count(*) AS n FROM copy_assignments WHERE loc = ? AND gen = ?
       GROUP BY adam_id, pricing_param HAVING n < ?`,
    )
    .all(copy.loc, copy.gen, below) as { adam_id: string; pricing_param: string; n: number }[];
  const items: Licence[] = [];
  const read = copy.db.prepare(
    "SELECT kind, target FROM copy_assignments WHERE loc = ? AND gen = ? AND adam_id = ? AND pricing_param = ?",
  );
  for (const t of titles) {
    const reason = `${t.n} ${t.n === 1 ? "holder" : "holders"} (fewer than ${below})`;
    for (const r of read.all(copy.loc, copy.gen, t.adam_id, t.pricing_param) as {
      kind: "device" | "user";
      target: string;
    }[])
      items.push({
        kind: r.kind,
        target: r.target,
        adamId: t.adam_id,
        pricingParam: t.pricing_param,
        reason,
        leftOut: copy.revocable.get(`${t.adam_id}:${t.pricing_param}`) === false,
      });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  items.sort(
    (a, b) =>
      cmp(a.kind, b.kind) ||
      cmp(a.target, b.target) ||
      cmp(a.adamId, b.adamId) ||
      cmp(a.pricingParam, b.pricingParam),
  );
  return [items];
}

/** Every licence of the chosen devices or users: Apple revokes them by target. */
function targetSelection(
  copy: Copy & { syncedAt: string | null },
  kind: "device" | "user",
  choose: () => Choice,
): Selection {
  return {
    syncedAt: copy.syncedAt,
    action: "revoke",
    batches: () => licencesOf(copy, kind, choose().chosen),
    aggregate: () => aggregateTargets(copy, kind, choose()),
  };
}

/** A rule's selection over the location's copy as it stands now. */
export function select(db: Db, locationId: string, query: RuleQuery, now = Date.now()): Selection {
  const copy = copyOf(db, locationId);
  const base = { syncedAt: copy.syncedAt };
  switch (query.kind) {
    case "not-in-inventory":
    case "not-seen":
      return targetSelection(copy, "device", () => deviceRule(copy, query, now));
    case "retired-users":
    case "not-in-roster":
      return targetSelection(copy, "user", () => userRule(copy, query));
    case "few-holders":
      return { ...base, action: "disassociate", batches: () => fewHolders(copy, query.below) };
    case "unused-titles":
      return { ...base, action: "none", batches: () => [] };
  }
}
