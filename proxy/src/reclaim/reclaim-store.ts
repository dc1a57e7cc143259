import type { Money, Reclaim, ReclaimAction, ReclaimState, RuleQuery } from "../contract/reclaim.js";
import { ApiError } from "../http/errors.js";
import type { Db } from "../store/db.js";
import type { Licence } from "./select.js";

export interface ReclaimRow {
  id: string;
  location_id: string;
  rule_id: string | null;
  rule_name: string;
  query: string;
  action: ReclaimAction;
  state: ReclaimState;
  count: number;
  hash: string;
  tolerance: number;
  value: string;
  run_at: number | null;
  time_zone: string;
  confirm_other_mdm: number;
  requested_by: string;
  created_at: number;
  needs_approval: number;
  approved_by: string | null;
  approved_at: number | null;
  started_at: number | null;
  job_ids: string;
  error: string | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export const toReclaim = (r: ReclaimRow): Omit<Reclaim, "progress"> => ({
  id: r.id,
  locationId: r.location_id,
  ruleId: r.rule_id,
  ruleName: r.rule_name,
  action: r.action,
  state: r.state,
  count: r.count,
  hash: r.hash,
  tolerance: r.tolerance,
  value: JSON.parse(r.value) as Money[],
  runAt: iso(r.run_at),
  timeZone: r.time_zone,
  requestedBy: r.requested_by,
  createdAt: new Date(r.created_at).toISOString(),
  needsApproval: r.needs_approval === 1,
  approvedBy: r.approved_by,
  approvedAt: iso(r.approved_at),
  startedAt: iso(r.started_at),
  jobIds: JSON.parse(r.job_ids) as string[],
  error: r.error,
});

export interface NewReclaim {
  id: string;
  locationId: string;
  ruleId: string | null;
  ruleName: string;
  query: RuleQuery;
  action: ReclaimAction;
  state: ReclaimState;
  count: number;
  hash: string;
  tolerance: number;
  value: Money[];
  runAt: number | null;
  timeZone: string;
  confirmOtherMdm: boolean;
  requestedBy: string;
  needsApproval: boolean;
}

/** Take-backs made from a preview: the frozen selection (every licence), guardrails and state. */
export class ReclaimStore {
  constructor(private readonly db: Db) {}

  /** The reclaim and its frozen licences, in one transaction. */
  create(r: NewReclaim, items: Licence[], now = Date.now()): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO reclaims (id, location_id, rule_id, rule_name, query, action, state, count, hash, tolerance, value,
           run_at, time_zone, confirm_other_mdm, requested_by, created_at, needs_approval)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.id,
          r.locationId,
          r.ruleId,
          r.ruleName,
          JSON.stringify(r.query),
          r.action,
          r.state,
          r.count,
          r.hash,
          r.tolerance,
          JSON.stringify(r.value),
          r.runAt,
          r.timeZone,
          r.confirmOtherMdm ? 1 : 0,
          r.requestedBy,
          now,
          r.needsApproval ? 1 : 0,
        );
      const insert = this.db.prepare(
        "INSERT INTO reclaim_items (reclaim_id, kind, target, adam_id, pricing_param) VALUES (?, ?, ?, ?, ?)",
      );
      for (const l of items) insert.run(r.id, l.kind, l.target, l.adamId, l.pricingParam);
    })();
  }

  row(id: string, locationId?: string): ReclaimRow {
    const r = this.db.prepare("SELECT * FROM reclaims WHERE id = ?").get(id) as ReclaimRow | undefined;
    if (!r || (locationId !== undefined && r.location_id !== locationId))
      throw new ApiError(404, "RECLAIM_NOT_FOUND", "There is no such reclaim in this location.");
    return r;
  }

  list(locationId: string, limit = 100): ReclaimRow[] {
    return this.db
      .prepare("SELECT * FROM reclaims WHERE location_id = ? ORDER BY created_at DESC LIMIT ?")
      .all(locationId, limit) as ReclaimRow[];
  }

  /** Scheduled reclaims whose time has come (approved ones, or ones that need no approval). */
  due(now: number): ReclaimRow[] {
    return this.db
      .prepare(
        "SELECT * FROM reclaims WHERE state = 'scheduled' AND coalesce(run_at, 0) <= ? ORDER BY run_at",
      )
      .all(now) as ReclaimRow[];
  }

  /** Moves a reclaim from one state to another; false when it was no longer in `from` (someone else moved it). */
  move(id: string, from: ReclaimState[], to: ReclaimState, fields: Record<string, unknown> = {}): boolean {
    const cols = Object.keys(fields);
    const res = this.db
      .prepare(
        `UPDATE reclaims SET state = ?${cols.map((c) => `, ${c} = ?`).join("")} WHERE id = ? AND state IN (${from.map(() => "?").join(",")})`,
      )
      .run(to, ...Object.values(fields), id, ...from);
    return res.changes === 1;
  }

  setJobs(id: string, jobIds: string[], error: string | null): void {
    this.db
      .prepare("UPDATE reclaims SET job_ids = ?, error = ? WHERE id = ?")
      .run(JSON.stringify(jobIds), error, id);
  }

  /** Is this licence in the frozen selection? (one prepared lookup per call site) */
  member(id: string): (l: Licence) => boolean {
    const has = this.db.prepare(
      "SELECT 1 FROM reclaim_items WHERE reclaim_id = ? AND kind = ? AND target = ? AND adam_id = ? AND pricing_param = ?",
    );
    return (l) => has.get(id, l.kind, l.target, l.adamId, l.pricingParam) !== undefined;
  }

  /** Drops frozen licences that are no longer selected (the job does not ask Apple for them). */
  keepOnly(id: string, kept: Licence[]): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM reclaim_items WHERE reclaim_id = ?").run(id);
      const insert = this.db.prepare(
        "INSERT INTO reclaim_items (reclaim_id, kind, target, adam_id, pricing_param) VALUES (?, ?, ?, ?, ?)",
      );
      for (const l of kept) insert.run(id, l.kind, l.target, l.adamId, l.pricingParam);
    })();
  }

  /** The frozen licences, in order. */
  items(id: string): { kind: "device" | "user"; target: string; adamId: string; pricingParam: string }[] {
    return this.db
      .prepare(
        "SELECT kind, target, adam_id AS adamId, pricing_param AS pricingParam FROM reclaim_items WHERE reclaim_id = ? ORDER BY kind, target, adam_id, pricing_param",
      )
      .all(id) as { kind: "device" | "user"; target: string; adamId: string; pricingParam: string }[];
  }

  /** Frozen licences the location's copy no longer has, per title: what the take-back recovered. */
  gone(id: string, loc: number, gen: number): { adamId: string; n: number }[] {
    return this.db
      .prepare(
        `SELECT i.adam_id AS adamId, count(*) AS n FROM reclaim_items i WHERE i.reclaim_id = ? AND NOT EXISTS (
           SELECT 1 FROM copy_assignments c WHERE c.loc = ? AND c.gen = ? AND c.adam_id = i.adam_id
           AND c.pricing_param = i.pricing_param AND c.kind = i.kind AND c.target = i.target)
         GROUP BY i.adam_id`,
      )
      .all(id, loc, gen) as { adamId: string; n: number }[];
  }
}
