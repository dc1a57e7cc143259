import type { Assignment, ResponseUser } from "../apple/types.js";
import type { Db } from "../store/db.js";
import type { SyncVia } from "../api-types.js";
import { isActiveUser } from "../contract/index.js";
import { AssetCounts } from "./asset-counts.js";

export type Kind = "device" | "user";

/** One licence in the copy: an asset (adamId, pricingParam) held by a device or a user. */
export interface CopyPair {
  adamId: string;
  pricingParam: string;
  kind: Kind;
  target: string;
}

export function pairOf(a: Assignment): CopyPair | undefined {
  const pricingParam = a.pricingParam ?? "STDQ";
  if (a.serialNumber !== undefined)
    return { adamId: a.adamId, pricingParam, kind: "device", target: a.serialNumber };
  if (a.clientUserId !== undefined)
    return { adamId: a.adamId, pricingParam, kind: "user", target: a.clientUserId };
  return undefined;
}

/**
 * The writes of each location's copy. Assignments and users live in generations: readers see the
 * location's current one, a full re-read fills the next and switches in one small transaction.
 * Changes learnt meanwhile (jobs, notifications) go to every generation the location has.
 */
export class CopyStore {
  readonly assets: AssetCounts;
  /** One licence into a generation (prepared once: the import runs it for every row). */
  private readonly insertPair;

  constructor(private readonly db: Db) {
    this.assets = new AssetCounts(db);
    this.insertPair = db.prepare(
      "INSERT OR IGNORE INTO copy_assignments (loc, gen, adam_id, pricing_param, kind, target) VALUES (?, ?, ?, ?, ?, ?)",
    );
  }

  /** The copy's number for a location (created on first use). */
  locOf(locationId: string): number {
    const find = this.db.prepare("SELECT id FROM sync_locations WHERE location_id = ?");
    const row = find.get(locationId) as { id: number } | undefined;
    if (row) return row.id;
    return Number(
      this.db.prepare("INSERT INTO sync_locations (location_id) VALUES (?)").run(locationId).lastInsertRowid,
    );
  }

  /** The adamIds of a location's assets. */
  adamIds(locationId: string): string[] {
    return (
      this.db
        .prepare(
          "SELECT a.adam_id FROM copy_assets a JOIN sync_locations s ON s.id = a.loc WHERE s.location_id = ?",
        )
        .all(locationId) as { adam_id: string }[]
    ).map((r) => r.adam_id);
  }

  /** Assignments read from Apple into one generation (idempotent). */
  putAssignments(loc: number, gen: number, assignments: Assignment[]): void {
    const insert = this.insertPair;
    this.db.transaction(() => {
      for (const a of assignments) {
        const p = pairOf(a);
        if (p) insert.run(loc, gen, p.adamId, p.pricingParam, p.kind, p.target);
      }
    })();
  }

  /**
   * Users into one generation: per clientUserId an active entry wins over retired ones within a
   * full read; a delta's entry is newer than the copy's; a notification's entry may be partial
   * (merged into what the copy knows).
   */
  putUsers(loc: number, gen: number, users: ResponseUser[], mode: "full" | "delta" | "merge"): void {
    const current = this.db.prepare(
      "SELECT status FROM copy_users WHERE loc = ? AND gen = ? AND client_user_id = ?",
    );
    const keep =
      mode === "merge"
        ? (col: string) => `coalesce(excluded.${col}, copy_users.${col})`
        : (col: string) => `excluded.${col}`;
    const upsert = this.db.prepare(
      `INSERT INTO copy_users (loc, gen, client_user_id, status, email, id_hash, invite_code) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (loc, gen, client_user_id) DO UPDATE SET status = excluded.status, email = ${keep("email")},
       id_hash = ${keep("id_hash")}, invite_code = ${keep("invite_code")}`,
    );
    this.db.transaction(() => {
      const seen = new Map<string, ResponseUser>();
      for (const u of users) {
        const prev = seen.get(u.clientUserId);
        if (!prev || isActiveUser(u.status) || !isActiveUser(prev.status)) seen.set(u.clientUserId, u);
      }
      for (const u of seen.values()) {
        if (mode === "full" && !isActiveUser(u.status)) {
          const row = current.get(loc, gen, u.clientUserId) as { status: string } | undefined;
          if (row && isActiveUser(row.status)) continue;
        }
        upsert.run(
          loc,
          gen,
          u.clientUserId,
          u.status,
          u.email ?? null,
          u.idHash ?? null,
          u.inviteCode ?? null,
        );
      }
    })();
  }

  /**
   * Apply changes Apple confirmed (a job, a notification) to every generation of the location;
   * the asset counts move by what actually changed in the current one.
   */
  applyPairs(loc: number, add: CopyPair[], remove: CopyPair[], via: SyncVia): void {
    const [current, ...others] = this.gensOf(loc);
    if (current === undefined) return;
    const insert = this.insertPair;
    const del = this.db.prepare(
      "DELETE FROM copy_assignments WHERE loc = ? AND gen = ? AND adam_id = ? AND pricing_param = ? AND kind = ? AND target = ?",
    );
    const net = new Map<string, number>();
    const move = (p: CopyPair, n: number) => {
      const key = `${p.adamId}\n${p.pricingParam}`;
      net.set(key, (net.get(key) ?? 0) + n);
    };
    this.db.transaction(() => {
      for (const p of add)
        if (insert.run(loc, current, p.adamId, p.pricingParam, p.kind, p.target).changes) move(p, 1);
      for (const p of remove)
        if (del.run(loc, current, p.adamId, p.pricingParam, p.kind, p.target).changes) move(p, -1);
      for (const gen of others) {
        for (const p of add) insert.run(loc, gen, p.adamId, p.pricingParam, p.kind, p.target);
        for (const p of remove) del.run(loc, gen, p.adamId, p.pricingParam, p.kind, p.target);
      }
      this.assets.moveAssigned(loc, net, via);
    })();
  }

  /** A revoke: every revocable licence of these targets leaves the copy. */
  revokeTargets(loc: number, targets: { kind: Kind; target: string }[], via: SyncVia): void {
    const [current] = this.gensOf(loc);
    if (current === undefined) return;
    const held = this.db.prepare(
      `SELECT c.adam_id AS adamId, c.pricing_param AS pricingParam, c.kind, c.target FROM copy_assignments c
       JOIN copy_assets a ON a.loc = c.loc AND a.adam_id = c.adam_id AND a.pricing_param = c.pricing_param
       WHERE c.loc = ? AND c.gen = ? AND c.kind = ? AND c.target = ? AND a.revocable = 1`,
    );
    const remove = targets.flatMap((t) => held.all(loc, current, t.kind, t.target) as CopyPair[]);
    this.applyPairs(loc, [], remove, via);
  }

  /** Replace one asset's holders in a generation (after its count did not match Apple's). */
  replaceAssetHolders(
    loc: number,
    gen: number,
    adamId: string,
    pricingParam: string,
    rows: Assignment[],
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "DELETE FROM copy_assignments WHERE loc = ? AND gen = ? AND adam_id = ? AND pricing_param = ?",
        )
        .run(loc, gen, adamId, pricingParam);
      this.putAssignments(loc, gen, rows);
    })();
  }

  /** Holders per asset in a generation, against Apple's assignedCount. */
  heldCounts(loc: number, gen: number): Map<string, number> {
    const rows = this.db
      .prepare(
        "SELECT adam_id, pricing_param, count(*) AS n FROM copy_assignments WHERE loc = ? AND gen = ? GROUP BY adam_id, pricing_param",
      )
      .all(loc, gen) as { adam_id: string; pricing_param: string; n: number }[];
    return new Map(rows.map((r) => [`${r.adam_id}:${r.pricing_param}`, r.n]));
  }

  /** Generations of the location in use: the current one and, during a full re-read, the next. */
  gensOf(loc: number): number[] {
    const row = this.db.prepare("SELECT gen, run FROM sync_locations WHERE id = ?").get(loc) as
      { gen: number; run: string | null } | undefined;
    if (!row) return [];
    const runGen = row.run ? (JSON.parse(row.run) as { gen: number }).gen : undefined;
    return runGen !== undefined && runGen !== row.gen ? [row.gen, runGen] : [row.gen];
  }

  /** Delete a generation in slices, yielding between them so the server keeps answering. */
  async dropGen(loc: number, gen: number | null, slice = 20_000): Promise<void> {
    const tables = [
      ["copy_assignments", "adam_id, pricing_param, kind, target"],
      ["copy_users", "client_user_id"],
    ] as const;
    for (const [table, key] of tables) {
      const stmt = this.db.prepare(
        `DELETE FROM ${table} WHERE (loc, gen, ${key}) IN
         (SELECT loc, gen, ${key} FROM ${table} WHERE loc = ? AND (? IS NULL OR gen = ?) LIMIT ?)`,
      );
      for (;;) {
        const n = stmt.run(loc, gen, gen, slice).changes;
        if (n < slice) break;
        await new Promise((r) => setImmediate(r));
      }
    }
  }
}
