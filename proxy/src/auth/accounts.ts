import crypto from "node:crypto";
import type { Db } from "../store/db.js";
import { hashPassword } from "./passwords.js";

export type Role = "admin" | "viewer";

export interface Account {
  id: number;
  username: string;
  role: Role;
}

export interface AccountRow extends Account {
  disabled: boolean;
  /** Signs in with single sign-on only (no password here). */
  sso: boolean;
}

/** Stands in for a password on single sign-on accounts: no password verifies against it. */
const NO_PASSWORD = "sso";

export class Accounts {
  constructor(private readonly db: Db) {}

  findByName(username: string): (AccountRow & { passwordHash: string }) | undefined {
    return this.one("username", username);
  }

  get(id: number): (AccountRow & { passwordHash: string }) | undefined {
    return this.one("id", id);
  }

  private one(by: "id" | "username", value: string | number) {
    const row = this.db
      .prepare(
        `SELECT id, username, role, password_hash AS passwordHash, disabled_at IS NOT NULL AS disabled, oidc_subject IS NOT NULL AS sso FROM accounts WHERE ${by} = ?`,
      )
      .get(value) as (Account & { passwordHash: string; disabled: number; sso: number }) | undefined;
    return row ? { ...row, disabled: row.disabled === 1, sso: row.sso === 1 } : undefined;
  }

  /** Every account, with how many sessions it has open now. */
  list(): (AccountRow & { sessions: number })[] {
    return (
      this.db
        .prepare(
          `SELECT id, username, role, disabled_at IS NOT NULL AS disabled, oidc_subject IS NOT NULL AS sso,
             (SELECT COUNT(*) FROM sessions s WHERE s.account_id = accounts.id AND s.expires_at > ?) AS sessions
           FROM accounts ORDER BY username`,
        )
        .all(Date.now()) as (Account & { disabled: number; sso: number; sessions: number })[]
    ).map((r) => ({ ...r, disabled: r.disabled === 1, sso: r.sso === 1 }));
  }

  /**
   * The account of a person the identity provider vouches for (`subject`: issuer and sub): made at
   * their first sign-in under a free username, its role then kept to what their groups say.
   */
  fromSso(subject: string, username: string, role: Role): AccountRow {
    const known = this.db.prepare("SELECT id FROM accounts WHERE oidc_subject = ?").get(subject) as
      { id: number } | undefined;
    if (known) {
      this.db.prepare("UPDATE accounts SET role = ? WHERE id = ?").run(role, known.id);
      return this.get(known.id) as AccountRow;
    }
    let name = username;
    for (let n = 2; this.findByName(name); n++) name = `${username.slice(0, 58)}-${n}`;
    const info = this.db
      .prepare(
        "INSERT INTO accounts (username, password_hash, role, created_at, oidc_subject) VALUES (?, ?, ?, ?, ?)",
      )
      .run(name, NO_PASSWORD, role, Date.now(), subject);
    return this.get(Number(info.lastInsertRowid)) as AccountRow;
  }

  update(id: number, change: { role?: Role | undefined; disabled?: boolean | undefined }): void {
    if (change.role !== undefined)
      this.db.prepare("UPDATE accounts SET role = ? WHERE id = ?").run(change.role, id);
    if (change.disabled !== undefined)
      this.db
        .prepare("UPDATE accounts SET disabled_at = ? WHERE id = ?")
        .run(change.disabled ? Date.now() : null, id);
  }

  async setPassword(id: number, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.db.prepare("UPDATE accounts SET password_hash = ? WHERE id = ?").run(hash, id);
  }

  async create(username: string, password: string, role: Role): Promise<Account> {
    const hash = await hashPassword(password);
    const info = this.db
      .prepare("INSERT INTO accounts (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
      .run(username, hash, role, Date.now());
    return { id: Number(info.lastInsertRowid), username, role };
  }

  remove(id: number): boolean {
    return this.db.prepare("DELETE FROM accounts WHERE id = ?").run(id).changes > 0;
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM accounts").get() as { n: number }).n;
  }

  /**
   * The first admin: from ADMIN_USER / ADMIN_PASSWORD, or with a generated password that is
   * returned once (main prints it) when none is configured.
   */
  async ensureFirstAdmin(username: string, password?: string): Promise<string | undefined> {
    if (this.count() > 0) return undefined;
    const pw = password ?? crypto.randomBytes(15).toString("base64url");
    await this.create(username, pw, "admin");
    return password ? undefined : pw;
  }
}
