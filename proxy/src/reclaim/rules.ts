import crypto from "node:crypto";
import type { ReclaimRule, RuleQuery, RuleRun } from "../contract/reclaim.js";
import { ApiError } from "../http/errors.js";
import type { Db } from "../store/db.js";

const DAY = 86_400_000;
export const SCHEDULE_MS = { daily: DAY, weekly: 7 * DAY } as const;

interface RuleRow {
  id: string;
  location_id: string;
  name: string;
  query: string;
  schedule: ReclaimRule["schedule"];
  auto_run: number;
  last_run: string | null;
  next_run_at: number | null;
  created_by: string;
  created_at: number;
}

const toRule = (r: RuleRow): ReclaimRule => ({
  id: r.id,
  locationId: r.location_id,
  name: r.name,
  query: JSON.parse(r.query) as RuleQuery,
  schedule: r.schedule,
  autoRun: r.auto_run === 1,
  lastRun: r.last_run ? (JSON.parse(r.last_run) as RuleRun) : null,
  nextRunAt: r.next_run_at ? new Date(r.next_run_at).toISOString() : null,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export type RuleFields = Pick<ReclaimRule, "name" | "query" | "schedule" | "autoRun">;

/** A location's saved reclaim rules: named queries over its copy, optionally run on a schedule. */
export class RuleStore {
  constructor(private readonly db: Db) {}

  create(locationId: string, f: RuleFields, actor: string, now = Date.now()): ReclaimRule {
    const id = crypto.randomUUID();
    this.db
      .prepare(
        "INSERT INTO reclaim_rules (id, location_id, name, query, schedule, auto_run, next_run_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        id,
        locationId,
        f.name,
        JSON.stringify(f.query),
        f.schedule,
        f.autoRun ? 1 : 0,
        nextRun(f, now),
        actor,
        now,
      );
    return this.get(locationId, id);
  }

  update(locationId: string, id: string, f: RuleFields, now = Date.now()): ReclaimRule {
    this.get(locationId, id);
    this.db
      .prepare(
        "UPDATE reclaim_rules SET name = ?, query = ?, schedule = ?, auto_run = ?, next_run_at = ? WHERE id = ?",
      )
      .run(f.name, JSON.stringify(f.query), f.schedule, f.autoRun ? 1 : 0, nextRun(f, now), id);
    return this.get(locationId, id);
  }

  get(locationId: string, id: string): ReclaimRule {
    const r = this.db
      .prepare("SELECT * FROM reclaim_rules WHERE id = ? AND location_id = ?")
      .get(id, locationId) as RuleRow | undefined;
    if (!r) throw new ApiError(404, "RULE_NOT_FOUND", "There is no such reclaim rule in this location.");
    return toRule(r);
  }

  list(locationId: string): ReclaimRule[] {
    return (
      this.db
        .prepare("SELECT * FROM reclaim_rules WHERE location_id = ? ORDER BY created_at")
        .all(locationId) as RuleRow[]
    ).map(toRule);
  }

  delete(locationId: string, id: string): void {
    this.get(locationId, id);
    this.db.prepare("DELETE FROM reclaim_rules WHERE id = ?").run(id);
  }

  /** Scheduled rules whose dry run is due. */
  due(now: number): ReclaimRule[] {
    return (
      this.db
        .prepare("SELECT * FROM reclaim_rules WHERE next_run_at IS NOT NULL AND next_run_at <= ?")
        .all(now) as RuleRow[]
    ).map(toRule);
  }

  /** A dry run's result, and when the next one is due. */
  ran(rule: ReclaimRule, run: RuleRun, now: number): void {
    this.db
      .prepare("UPDATE reclaim_rules SET last_run = ?, next_run_at = ? WHERE id = ?")
      .run(JSON.stringify(run), nextRun(rule, now), rule.id);
  }
}

const nextRun = (f: Pick<ReclaimRule, "schedule">, now: number) =>
  f.schedule === "off" ? null : now + SCHEDULE_MS[f.schedule];
