import crypto from "node:crypto";
import type { ApiTokenView } from "../api-types.js";
import type { Db } from "../store/db.js";
import type { Account, Role } from "./accounts.js";

/** Every token starts so, so secret scanners (and people) recognise one in a paste or a repo. */
export const TOKEN_PREFIX = "vppc_";
const TOKEN_SHAPE = /^vppc_[A-Za-z0-9_-]{43}$/;
/** How often a token's "last used" is written at most (a busy script should not write on every call). */
const LAST_USED_EVERY_MS = 60_000;

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

interface Row {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  account_id: number;
  username: string | null;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toView = (r: Row): ApiTokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  createdBy: r.username ?? "(deleted account)",
  createdAt: iso(r.created_at) as string,
  expiresAt: iso(r.expires_at) as string,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});

/**
 * API tokens for scripts and other tools: shown once, kept as a SHA-256 only. A token acts for the
 * admin who made it, with its own role at most: an admin who is later made a viewer, or switched
 * off, takes the token's rights down (or away) with them.
 */
export class ApiTokens {
  constructor(private readonly db: Db) {}

  create(account: Account, input: { name: string; role: Role; expiresInDays: number }) {
    const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
    const now = Date.now();
    const id = crypto.randomUUID();
    this.db
      .prepare(
        "INSERT INTO api_tokens (id, name, prefix, hash, role, account_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        id,
        input.name,
        token.slice(0, 12),
        hashOf(token),
        input.role,
        account.id,
        now,
        now + input.expiresInDays * 86_400_000,
      );
    return { token, view: this.get(id) as ApiTokenView };
  }

  list(): ApiTokenView[] {
    return (this.rows("ORDER BY t.created_at DESC") as Row[]).map(toView);
  }

  get(id: string): ApiTokenView | undefined {
    const row = this.rows("WHERE t.id = ?", id)[0];
    return row ? toView(row) : undefined;
  }

  revoke(id: string): boolean {
    return (
      this.db
        .prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .run(Date.now(), id).changes > 0
    );
  }

  /**
   * The account a bearer token acts for, with the lesser of the token's and the account's role;
   * undefined for anything unknown, revoked, expired, or whose account is switched off or gone.
   */
  resolve(token: string, now = Date.now()): (Account & { tokenId: string; tokenName: string }) | undefined {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const row = this.db
      .prepare(
        `SELECT t.id, t.name, t.role, t.expires_at, t.revoked_at, t.last_used_at, a.id AS account_id, a.username, a.role AS account_role
         FROM api_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.hash = ? AND a.disabled_at IS NULL`,
      )
      .get(hashOf(token)) as
      (Omit<Row, "prefix" | "created_at"> & { account_role: Role; username: string }) | undefined;
    if (!row || row.revoked_at !== null || row.expires_at <= now) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_EVERY_MS)
      this.db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(now, row.id);
    const role: Role = row.role === "admin" && row.account_role === "admin" ? "admin" : "viewer";
    return { id: row.account_id, username: row.username, role, tokenId: row.id, tokenName: row.name };
  }

  private rows(where: string, ...params: unknown[]): Row[] {
    return this.db
      .prepare(
        `SELECT t.id, t.name, t.prefix, t.role, t.account_id, a.username, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
         FROM api_tokens t LEFT JOIN accounts a ON a.id = t.account_id ${where}`,
      )
      .all(...params) as Row[];
  }
}
