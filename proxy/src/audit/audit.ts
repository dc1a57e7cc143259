import type { AuditEntry } from "../api-types.js";
import type { Db } from "../store/db.js";

export type { AuditEntry };

/** Who did what, when, with which result. Never given a secret. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  record(
    actor: string,
    action: string,
    target: string | null,
    result: "ok" | "refused" | "failed",
    detail?: object,
  ): void {
    this.db
      .prepare("INSERT INTO audit (at, actor, action, target, result, detail) VALUES (?, ?, ?, ?, ?, ?)")
      .run(Date.now(), actor, action, target, result, detail ? JSON.stringify(detail) : null);
  }

  list(limit = 200, before?: number): AuditEntry[] {
    const rows = this.db
      .prepare("SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?")
      .all(before ?? Number.MAX_SAFE_INTEGER, limit) as {
      id: number;
      at: number;
      actor: string;
      action: string;
      target: string | null;
      result: string;
      detail: string | null;
    }[];
    return rows.map((r) => ({
      ...r,
      at: new Date(r.at).toISOString(),
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
  }
}
