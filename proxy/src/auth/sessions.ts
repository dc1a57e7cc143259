import crypto from "node:crypto";
import type { Db } from "../store/db.js";
import type { Account } from "./accounts.js";

const SESSION_TTL_MS = 12 * 3600_000;

const hashId = (id: string) => crypto.createHash("sha256").update(id).digest("hex");

/** Server-side sessions: the cookie holds a random id; the store holds only its hash. */
export class Sessions {
  constructor(private readonly db: Db) {}

  create(accountId: number): { id: string; expiresAt: number } {
    const id = crypto.randomBytes(32).toString("base64url");
    const now = Date.now();
    const expiresAt = now + SESSION_TTL_MS;
    this.db
      .prepare(
        "INSERT INTO sessions (id_hash, account_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(hashId(id), accountId, now, expiresAt, now);
    return { id, expiresAt };
  }

  /** The signed-in account, sliding the expiry forward; undefined when unknown or expired. */
  resolve(id: string): Account | undefined {
    const now = Date.now();
    const row = this.db
      .prepare(
        `SELECT a.id, a.username, a.role, s.expires_at AS expiresAt FROM sessions s
         JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ? AND a.disabled_at IS NULL`,
      )
      .get(hashId(id)) as (Account & { expiresAt: number }) | undefined;
    if (!row) return undefined;
    if (row.expiresAt <= now) {
      this.revoke(id);
      return undefined;
    }
    this.db
      .prepare("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?")
      .run(now, now + SESSION_TTL_MS, hashId(id));
    return { id: row.id, username: row.username, role: row.role };
  }

  revoke(id: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id_hash = ?").run(hashId(id));
  }

  revokeAccount(accountId: number): void {
    this.db.prepare("DELETE FROM sessions WHERE account_id = ?").run(accountId);
  }

  purgeExpired(): void {
    this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(Date.now());
  }
}
