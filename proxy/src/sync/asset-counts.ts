import type { SyncVia } from "../api-types.js";
import type { ResponseAsset } from "../apple/types.js";
import { UNLIMITED_COUNT } from "../apple/types.js";
import type { Db } from "../store/db.js";

/** The copy's asset counts, and their history (every count that moved, and how it was learnt). */
export class AssetCounts {
  constructor(private readonly db: Db) {}

  /** Replace the location's assets; a count that moved is written to the history. */
  putAssets(loc: number, assets: ResponseAsset[], via: SyncVia, now = Date.now()): void {
    const before = new Map(
      (
        this.db
          .prepare("SELECT adam_id, pricing_param, total, assigned FROM copy_assets WHERE loc = ?")
          .all(loc) as {
          adam_id: string;
          pricing_param: string;
          total: number | null;
          assigned: number;
        }[]
      ).map((r) => [`${r.adam_id}:${r.pricing_param}`, r]),
    );
    const insert = this.db.prepare(
      `INSERT INTO copy_assets (loc, adam_id, pricing_param, product_type, device_assignable, revocable, unlimited,
       total, assigned, available, retired, platforms, updated_at, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const history = this.db.prepare(
      "INSERT INTO copy_history (loc, at, adam_id, pricing_param, total, assigned, via) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM copy_assets WHERE loc = ?").run(loc);
      for (const a of assets) {
        const pricingParam = a.pricingParam ?? "STDQ";
        const unlimited = a.totalCount === undefined || a.totalCount >= UNLIMITED_COUNT;
        const total = unlimited ? null : a.totalCount;
        insert.run(
          loc,
          a.adamId,
          pricingParam,
          a.productType,
          a.deviceAssignable ? 1 : 0,
          a.revocable ? 1 : 0,
          unlimited ? 1 : 0,
          total,
          a.assignedCount,
          unlimited ? null : (a.availableCount ?? null),
          a.retiredCount ?? null,
          JSON.stringify(a.supportedPlatforms ?? []),
          now,
          via,
        );
        const was = before.get(`${a.adamId}:${pricingParam}`);
        if (!was || was.total !== total || was.assigned !== a.assignedCount)
          history.run(loc, now, a.adamId, pricingParam, total, a.assignedCount, via);
      }
    })();
  }

  /** Move one asset's counts (an ASSET_COUNT notification); false when the result is impossible. */
  moveAssetCount(
    loc: number,
    adamId: string,
    pricingParam: string,
    countDelta: number,
    now = Date.now(),
  ): boolean {
    const row = this.db
      .prepare(
        "SELECT total, assigned, available FROM copy_assets WHERE loc = ? AND adam_id = ? AND pricing_param = ?",
      )
      .get(loc, adamId, pricingParam) as
      { total: number | null; assigned: number; available: number | null } | undefined;
    if (!row || row.total === null) return false;
    const total = row.total + countDelta;
    const available = (row.available ?? row.total - row.assigned) + countDelta;
    if (total < 0 || available < 0 || row.assigned > total) return false;
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE copy_assets SET total = ?, available = ?, updated_at = ?, via = 'notification' WHERE loc = ? AND adam_id = ? AND pricing_param = ?",
        )
        .run(total, available, now, loc, adamId, pricingParam);
      this.db
        .prepare(
          "INSERT INTO copy_history (loc, at, adam_id, pricing_param, total, assigned, via) VALUES (?, ?, ?, ?, ?, ?, 'notification')",
        )
        .run(loc, now, adamId, pricingParam, total, row.assigned);
    })();
    return true;
  }

  /** Assigned (and available) counts moved by licences the copy saw taken or given back. */
  moveAssigned(loc: number, net: Map<string, number>, via: SyncVia, now = Date.now()): void {
    const update = this.db.prepare(
      `UPDATE copy_assets SET assigned = max(0, assigned + ?), available = CASE WHEN available IS NULL THEN NULL
       ELSE max(0, available - ?) END, updated_at = ?, via = ? WHERE loc = ? AND adam_id = ? AND pricing_param = ?`,
    );
    // The history keeps every move (the reclaim centre's "nobody took it for N days" reads it).
    const history = this.db.prepare(
      `INSERT INTO copy_history (loc, at, adam_id, pricing_param, total, assigned, via)
       SELECT loc, ?, adam_id, pricing_param, total, assigned, ? FROM copy_assets
       WHERE loc = ? AND adam_id = ? AND pricing_param = ?`,
    );
    for (const [key, n] of net) {
      if (n === 0) continue;
      const [adamId, pricingParam] = key.split("\n") as [string, string];
      update.run(n, n, now, via, loc, adamId, pricingParam);
      history.run(now, via, loc, adamId, pricingParam);
    }
  }
}
