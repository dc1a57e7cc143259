import crypto from "node:crypto";
import type { Db } from "../store/db.js";
import type { Account } from "./accounts.js";

/** How long a session lives: `idleMs` after its last use, and never past `maxMs` after sign-in. */
export interface SessionLifetime {
  idleMs: number;
  maxMs: number;
}

export const DEFAULT_LIFETIME: SessionLifetime = { idleMs: 12 * 3600_000, maxMs: 7 * 24 * 3600_000 };

const hashId = (id: string) => crypto.createHash("sha256").update(id).digest("hex");

/** Server-side sessions: the cookie holds a random id; the store holds only its hash. */
export class Sessions {
  constructor(
    private readonly db: Db,
    readonly lifetime: SessionLifetime = DEFAULT_LIFETIME,
  ) {}

  /** A new session; `expiresAt` is its hard end (the cookie's expiry), idle expiry is the store's. */
  create(accountId: number): { id: string; expiresAt: number } {
    const id = crypto.randomBytes(32).toString("base64url");
    const now = Date.now();
    this.db
      .prepare(
        "INSERT INTO sessions (id_hash, account_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(hashId(id), accountId, now, this.expiry(now, now), now);
    return { id, expiresAt: now + this.lifetime.maxMs };
  }

  /** The signed-in account, sliding the idle expiry forward; undefined when unknown or expired. */
  resolve(id: string): Account | undefined {
    const now = Date.now();
    const row = this.db
      .prepare(
        `SELECT a.id, a.username, a.role, s.expires_at AS expiresAt, s.created_at AS createdAt
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.id_hash = ? AND a.disabled_at IS NULL`,
      )
      .get(hashId(id)) as (Account & { expiresAt: number; createdAt: number }) | undefined;
    if (!row) return undefined;
    if (row.expiresAt <= now) {
      this.revoke(id);
      return undefined;
    }
    this.db
      .prepare("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?")
      .run(now, this.expiry(row.createdAt, now), hashId(id));
    return { id: row.id, username: row.username, role: row.role };
  }

  revoke(id: string): void {
    this.db.prepare("DELETE FROM sessions WHERE id_hash = ?").run(hashId(id));
  }

  /** Ends every session of an account (sign out everywhere); answers how many there were. */
  revokeAccount(accountId: number): number {
    return this.db.prepare("DELETE FROM sessions WHERE account_id = ?").run(accountId).changes;
  }

  purgeExpired(): void {
    this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(Date.now());
  }

  private expiry(createdAt: number, now: number): number {
    return Math.min(now + this.lifetime.idleMs, createdAt + this.lifetime.maxMs);
  }
}
