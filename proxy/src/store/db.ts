import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE accounts (
     id INTEGER PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE TABLE locations (
     id TEXT PRIMARY KEY,
     u_id TEXT NOT NULL,
     upstream TEXT NOT NULL CHECK (upstream IN ('apple', 'sandbox')),
     org_name TEXT NOT NULL,
     location_name TEXT NOT NULL,
     exp_date TEXT NOT NULL,
     token_enc BLOB NOT NULL,
     mdm_info TEXT,
     country TEXT,
     default_platform TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     UNIQUE (upstream, u_id)
   );
   CREATE TABLE location_renewals (
     id INTEGER PRIMARY KEY,
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     previous_exp_date TEXT NOT NULL,
     new_exp_date TEXT NOT NULL,
     renewed_at INTEGER NOT NULL,
     renewed_by TEXT NOT NULL
   );
   CREATE TABLE metadata (
     upstream TEXT NOT NULL,
     adam_id TEXT NOT NULL,
     body TEXT,
     fetched_at INTEGER NOT NULL,
     PRIMARY KEY (upstream, adam_id)
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT,
     result TEXT NOT NULL,
     detail TEXT
   );
   CREATE INDEX audit_at ON audit(at);`,
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     type TEXT NOT NULL CHECK (type IN ('associate', 'disassociate', 'revoke')),
     state TEXT NOT NULL,
     request TEXT NOT NULL,
     plan TEXT NOT NULL,
     requested_by TEXT NOT NULL,
     retry_of TEXT,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER,
     error TEXT
   );
   CREATE INDEX jobs_location ON jobs(location_id, created_at);
   CREATE TABLE job_chunks (
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     state TEXT NOT NULL,
     assets TEXT NOT NULL,
     serial_numbers TEXT NOT NULL,
     client_user_ids TEXT NOT NULL,
     event_id TEXT,
     event_status TEXT,
     num_requested INTEGER,
     num_completed INTEGER,
     possibly_repeated INTEGER NOT NULL DEFAULT 0,
     attempts INTEGER NOT NULL DEFAULT 0,
     sent_at INTEGER,
     finished_at INTEGER,
     error TEXT,
     PRIMARY KEY (job_id, seq)
   );
   CREATE TABLE job_failures (
     id INTEGER PRIMARY KEY,
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     error_number INTEGER NOT NULL,
     error_message TEXT NOT NULL,
     adam_id TEXT,
     pricing_param TEXT,
     serial_number TEXT,
     client_user_id TEXT
   );
   CREATE INDEX job_failures_job ON job_failures(job_id);`,
  // Trust on Apple's bad days: refused tokens, paused jobs, outcomes checked against assignments.
  `ALTER TABLE locations ADD COLUMN token_refused TEXT;
   ALTER TABLE jobs ADD COLUMN paused TEXT;
   ALTER TABLE jobs ADD COLUMN acknowledged_mdm TEXT;
   ALTER TABLE job_chunks ADD COLUMN confirmation TEXT;
   ALTER TABLE job_chunks ADD COLUMN holdings_before TEXT;
   ALTER TABLE job_chunks ADD COLUMN pre_verified INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE job_outcomes (
     id INTEGER PRIMARY KEY,
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('verified', 'not-done', 'unconfirmed')),
     adam_id TEXT,
     pricing_param TEXT,
     serial_number TEXT,
     client_user_id TEXT,
     count INTEGER
   );
   CREATE INDEX job_outcomes_job ON job_outcomes(job_id);`,
  // Location sync: each location's copy (assets, assignments, users), read in generations so a
  // full re-read replaces it atomically; notifications kept before they are acknowledged.
  `CREATE TABLE sync_locations (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     location_id TEXT NOT NULL UNIQUE REFERENCES locations(id) ON DELETE CASCADE,
     gen INTEGER NOT NULL DEFAULT 0,
     state TEXT NOT NULL DEFAULT 'idle',
     run TEXT,
     assets_version TEXT,
     assignments_version TEXT,
     users_version TEXT,
     synced_at INTEGER,
     via TEXT,
     last_error TEXT,
     last_full_at INTEGER,
     last_changes TEXT,
     notify_key TEXT UNIQUE,
     notify_hash TEXT,
     notify_state TEXT
   );
   CREATE TABLE copy_assets (
     loc INTEGER NOT NULL,
     adam_id TEXT NOT NULL,
     pricing_param TEXT NOT NULL,
     product_type TEXT NOT NULL,
     device_assignable INTEGER NOT NULL,
     revocable INTEGER NOT NULL,
     unlimited INTEGER NOT NULL,
     total INTEGER,
     assigned INTEGER NOT NULL,
     available INTEGER,
     retired INTEGER,
     platforms TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     via TEXT NOT NULL,
     PRIMARY KEY (loc, adam_id, pricing_param)
   ) WITHOUT ROWID;
   CREATE TABLE copy_assignments (
     loc INTEGER NOT NULL,
     gen INTEGER NOT NULL,
     adam_id TEXT NOT NULL,
     pricing_param TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('device', 'user')),
     target TEXT NOT NULL,
     PRIMARY KEY (loc, gen, adam_id, pricing_param, kind, target)
   ) WITHOUT ROWID;
   CREATE INDEX copy_assignments_target ON copy_assignments(target, loc, gen);
   CREATE TABLE copy_users (
     loc INTEGER NOT NULL,
     gen INTEGER NOT NULL,
     client_user_id TEXT NOT NULL,
     status TEXT NOT NULL,
     email TEXT,
     id_hash TEXT,
     invite_code TEXT,
     PRIMARY KEY (loc, gen, client_user_id)
   ) WITHOUT ROWID;
   CREATE INDEX copy_users_email ON copy_users(email COLLATE NOCASE);
   CREATE TABLE sync_pages (
     loc INTEGER NOT NULL,
     stream TEXT NOT NULL,
     page INTEGER NOT NULL,
     PRIMARY KEY (loc, stream, page)
   ) WITHOUT ROWID;
   CREATE TABLE copy_history (
     loc INTEGER NOT NULL,
     at INTEGER NOT NULL,
     adam_id TEXT NOT NULL,
     pricing_param TEXT NOT NULL,
     total INTEGER,
     assigned INTEGER NOT NULL,
     via TEXT NOT NULL
   );
   CREATE INDEX copy_history_asset ON copy_history(loc, adam_id, pricing_param, at);
   CREATE TABLE sync_notifications (
     notification_id TEXT PRIMARY KEY,
     loc INTEGER NOT NULL,
     type TEXT NOT NULL,
     body TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     applied_at INTEGER,
     error TEXT
   );
   CREATE INDEX sync_notifications_pending ON sync_notifications(applied_at, received_at);`,
  // People, not UUIDs: the console's directory of a location's users (names, e-mails, groups).
  `CREATE TABLE people (
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     client_user_id TEXT NOT NULL,
     name TEXT NOT NULL DEFAULT '',
     email TEXT,
     managed_apple_id TEXT,
     groups TEXT NOT NULL DEFAULT '[]',
     source TEXT NOT NULL CHECK (source IN ('registered', 'imported')),
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (location_id, client_user_id)
   ) WITHOUT ROWID;
   CREATE INDEX people_email ON people(location_id, email COLLATE NOCASE);
   CREATE INDEX people_name ON people(location_id, name COLLATE NOCASE);
   CREATE TABLE people_groups (
     location_id TEXT NOT NULL,
     grp TEXT NOT NULL COLLATE NOCASE,
     client_user_id TEXT NOT NULL,
     PRIMARY KEY (location_id, grp, client_user_id),
     FOREIGN KEY (location_id, client_user_id) REFERENCES people(location_id, client_user_id) ON DELETE CASCADE
   ) WITHOUT ROWID;
   -- People jobs (users/create, update, retire): the jobs table is rebuilt without its type CHECK
   -- (SQLite cannot change one in place; foreign keys are off while migrations run).
   CREATE TABLE jobs_new (
     id TEXT PRIMARY KEY,
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     type TEXT NOT NULL,
     state TEXT NOT NULL,
     request TEXT NOT NULL,
     plan TEXT NOT NULL,
     requested_by TEXT NOT NULL,
     retry_of TEXT,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER,
     error TEXT,
     paused TEXT,
     acknowledged_mdm TEXT
   );
   INSERT INTO jobs_new (id, location_id, type, state, request, plan, requested_by, retry_of, created_at,
     started_at, finished_at, error, paused, acknowledged_mdm)
   SELECT id, location_id, type, state, request, plan, requested_by, retry_of, created_at,
     started_at, finished_at, error, paused, acknowledged_mdm FROM jobs;
   DROP TABLE jobs;
   ALTER TABLE jobs_new RENAME TO jobs;
   CREATE INDEX jobs_location ON jobs(location_id, created_at);`,
  // Accounts an admin switched off (kept for the audit trail, no sign-in).
  `ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;`,
  // Reclaim centre: uploaded inventories and rosters, prices, rules, and frozen take-backs.
  `CREATE TABLE reclaim_lists (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('inventory', 'roster')),
     name TEXT NOT NULL,
     key_column TEXT NOT NULL,
     seen_column TEXT,
     entries INTEGER NOT NULL,
     uploaded_by TEXT NOT NULL,
     uploaded_at INTEGER NOT NULL
   );
   CREATE TABLE reclaim_list_entries (
     list_id TEXT NOT NULL REFERENCES reclaim_lists(id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     seen_at INTEGER,
     PRIMARY KEY (list_id, key)
   ) WITHOUT ROWID;
   CREATE TABLE reclaim_prices (
     adam_id TEXT PRIMARY KEY,
     amount TEXT NOT NULL,
     currency TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE reclaim_rules (
     id TEXT PRIMARY KEY,
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     query TEXT NOT NULL,
     schedule TEXT NOT NULL DEFAULT 'off',
     auto_run INTEGER NOT NULL DEFAULT 0,
     last_run TEXT,
     next_run_at INTEGER,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX reclaim_rules_location ON reclaim_rules(location_id, created_at);
   CREATE TABLE reclaims (
     id TEXT PRIMARY KEY,
     location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
     rule_id TEXT,
     rule_name TEXT NOT NULL,
     query TEXT NOT NULL,
     action TEXT NOT NULL,
     state TEXT NOT NULL,
     count INTEGER NOT NULL,
     hash TEXT NOT NULL,
     tolerance INTEGER NOT NULL,
     value TEXT NOT NULL,
     run_at INTEGER,
     time_zone TEXT NOT NULL,
     confirm_other_mdm INTEGER NOT NULL DEFAULT 0,
     requested_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     needs_approval INTEGER NOT NULL,
     approved_by TEXT,
     approved_at INTEGER,
     started_at INTEGER,
     job_ids TEXT NOT NULL DEFAULT '[]',
     error TEXT
   );
   CREATE INDEX reclaims_location ON reclaims(location_id, created_at);
   CREATE INDEX reclaims_due ON reclaims(state, run_at);
   CREATE TABLE reclaim_items (
     reclaim_id TEXT NOT NULL REFERENCES reclaims(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     target TEXT NOT NULL,
     adam_id TEXT NOT NULL,
     pricing_param TEXT NOT NULL,
     PRIMARY KEY (reclaim_id, kind, target, adam_id, pricing_param)
   ) WITHOUT ROWID;`,
  // API tokens: only a SHA-256 of each is kept; a token acts for the admin who made it.
  `CREATE TABLE api_tokens (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     prefix TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
     account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     last_used_at INTEGER,
     revoked_at INTEGER
   );`,
  // Alerts: what fired (once per condition, until it clears), who read it, where it went.
  `CREATE TABLE alerts (
     id INTEGER PRIMARY KEY,
     key TEXT NOT NULL,
     rule TEXT NOT NULL,
     severity TEXT NOT NULL,
     location_id TEXT REFERENCES locations(id) ON DELETE CASCADE,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     link TEXT NOT NULL,
     fired_at INTEGER NOT NULL,
     cleared_at INTEGER,
     mailed_at INTEGER,
     mail_attempts INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX alerts_fired ON alerts(fired_at);
   CREATE INDEX alerts_unmailed ON alerts(mailed_at) WHERE mailed_at IS NULL;
   CREATE TABLE alert_state (
     key TEXT PRIMARY KEY,
     level INTEGER NOT NULL,
     alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE
   );
   CREATE TABLE alert_reads (
     alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
     account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     PRIMARY KEY (alert_id, account_id)
   ) WITHOUT ROWID;
   CREATE TABLE alert_settings (
     location_id TEXT PRIMARY KEY REFERENCES locations(id) ON DELETE CASCADE,
     body TEXT NOT NULL
   );
   CREATE TABLE webhooks (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     url_enc BLOB NOT NULL,
     url_hint TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('generic', 'slack', 'teams')),
     secret_enc BLOB NOT NULL,
     events TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     id INTEGER PRIMARY KEY,
     webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
     event TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending',
     attempts INTEGER NOT NULL DEFAULT 0,
     last_status INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     next_at INTEGER,
     delivered_at INTEGER
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_at);
   CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);`,
  // Single sign-on: an account the identity provider vouches for is found by issuer and subject.
  `ALTER TABLE accounts ADD COLUMN oidc_subject TEXT;
   CREATE UNIQUE INDEX accounts_oidc_subject ON accounts(oidc_subject);`,
];

/** Open (or create) the SQLite store in DATA_DIR and bring its schema up to date. */
export function openDb(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, "vpp-console.sqlite"));
  db.pragma("journal_mode = WAL");
  // Freed pages (a deleted location's encrypted token) are overwritten with zeros.
  db.pragma("secure_delete = ON");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  // Off while the schema changes, so a rebuilt table does not cascade deletes (SQLite's procedure).
  db.pragma("foreign_keys = OFF");
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length) throw new Error(`migration ${v + 1} broke ${broken.length} references`);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  db.pragma("foreign_keys = ON");
  return db;
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}
