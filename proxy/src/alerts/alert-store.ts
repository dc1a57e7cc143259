import type { AlertView } from "../api-types.js";
import {
  alertChannelsSchema,
  alertSettingsSchema,
  DEFAULT_ALERT_SETTINGS,
  type AlertChannels,
  type AlertSettings,
} from "../contract/alerts.js";
import { getSetting, setSetting, type Db } from "../store/db.js";
import type { Condition } from "./conditions.js";

interface AlertRow {
  id: number;
  rule: AlertView["rule"];
  severity: AlertView["severity"];
  location_id: string | null;
  location_name: string | null;
  title: string;
  body: string;
  link: string;
  fired_at: number;
  cleared_at: number | null;
  read: number;
}

const toView = (r: AlertRow): AlertView => ({
  id: r.id,
  rule: r.rule,
  severity: r.severity,
  locationId: r.location_id,
  locationName: r.location_name,
  title: r.title,
  body: r.body,
  link: r.link,
  firedAt: new Date(r.fired_at).toISOString(),
  clearedAt: r.cleared_at === null ? null : new Date(r.cleared_at).toISOString(),
  read: r.read === 1,
});

/** What fired, what is still true (armed or not), who has read what, and the settings. */
export class AlertStore {
  constructor(private readonly db: Db) {}

  /**
   * Brings the stored state in line with what holds now (every location's conditions but the
   * `skipped`): a condition new, or worse than when it fired, fires; one that no longer holds is
   * cleared and re-armed. Returns what fired.
   */
  reconcile(current: Condition[], skipped: ReadonlySet<string> = new Set(), now = Date.now()): AlertView[] {
    const fired: number[] = [];
    this.db.transaction(() => {
      const state = new Map(
        (
          this.db
            .prepare(
              "SELECT s.key, s.level, s.alert_id, a.location_id FROM alert_state s JOIN alerts a ON a.id = s.alert_id",
            )
            .all() as { key: string; level: number; alert_id: number; location_id: string | null }[]
        ).map((s) => [s.key, s]),
      );
      const insert = this.db.prepare(
        `INSERT INTO alerts (key, rule, severity, location_id, title, body, link, fired_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const arm = this.db.prepare(
        "INSERT INTO alert_state (key, level, alert_id) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET level = excluded.level, alert_id = excluded.alert_id",
      );
      const keep = this.db.prepare("UPDATE alert_state SET level = ? WHERE key = ?");
      const seen = new Set<string>();
      for (const c of current) {
        seen.add(c.key);
        const was = state.get(c.key);
        if (was && c.level <= was.level) {
          if (c.level < was.level) keep.run(c.level, c.key);
          continue;
        }
        if (was) this.clear(was.alert_id, now);
        const id = Number(
          insert.run(c.key, c.rule, c.severity, c.locationId, c.title, c.body, c.link, now).lastInsertRowid,
        );
        arm.run(c.key, c.level, id);
        fired.push(id);
      }
      for (const [key, s] of state) {
        // A location whose facts could not be read this time keeps its alerts as they are.
        if (seen.has(key) || (s.location_id !== null && skipped.has(s.location_id))) continue;
        this.clear(s.alert_id, now);
        this.db.prepare("DELETE FROM alert_state WHERE key = ?").run(key);
      }
    })();
    return fired.map((id) => this.get(id) as AlertView);
  }

  list(
    accountId: number,
    opts: { unreadOnly?: boolean; limit?: number } = {},
  ): { items: AlertView[]; unread: number } {
    const items = this.rows(
      accountId,
      `${opts.unreadOnly ? "WHERE NOT read" : ""} ORDER BY a.id DESC LIMIT ?`,
      opts.limit ?? 100,
    ).map(toView);
    const unread = (
      this.db
        .prepare(
          "SELECT count(*) AS n FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_reads r WHERE r.alert_id = a.id AND r.account_id = ?)",
        )
        .get(accountId) as { n: number }
    ).n;
    return { items, unread };
  }

  get(id: number, accountId = -1): AlertView | undefined {
    const row = this.rows(accountId, "WHERE a.id = ?", id)[0];
    return row ? toView(row) : undefined;
  }

  markRead(accountId: number, ids?: number[]): number {
    const sql = `INSERT OR IGNORE INTO alert_reads (alert_id, account_id) SELECT id, ? FROM alerts`;
    if (!ids) return this.db.prepare(sql).run(accountId).changes;
    const mark = this.db.prepare(`${sql} WHERE id = ?`);
    return this.db.transaction(() => ids.reduce((n, id) => n + mark.run(accountId, id).changes, 0))();
  }

  settingsOf(locationId: string): AlertSettings {
    const row = this.db.prepare("SELECT body FROM alert_settings WHERE location_id = ?").get(locationId) as
      { body: string } | undefined;
    return row ? alertSettingsSchema.parse(JSON.parse(row.body)) : DEFAULT_ALERT_SETTINGS;
  }

  saveSettings(locationId: string, settings: AlertSettings): void {
    this.db
      .prepare(
        "INSERT INTO alert_settings (location_id, body) VALUES (?, ?) ON CONFLICT(location_id) DO UPDATE SET body = excluded.body",
      )
      .run(locationId, JSON.stringify(settings));
  }

  channels(): AlertChannels {
    const raw = getSetting(this.db, "alerts.channels");
    return alertChannelsSchema.parse(raw ? JSON.parse(raw) : {});
  }

  saveChannels(channels: AlertChannels): void {
    setSetting(this.db, "alerts.channels", JSON.stringify(channels));
  }

  private clear(alertId: number, now: number): void {
    this.db.prepare("UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL").run(now, alertId);
  }

  private rows(accountId: number, rest: string, ...params: unknown[]): AlertRow[] {
    return this.db
      .prepare(
        `SELECT * FROM (
           SELECT a.id, a.rule, a.severity, a.location_id, l.location_name, a.title, a.body, a.link, a.fired_at, a.cleared_at,
             EXISTS (SELECT 1 FROM alert_reads r WHERE r.alert_id = a.id AND r.account_id = ?) AS read
           FROM alerts a LEFT JOIN locations l ON l.id = a.location_id) a ${rest}`,
      )
      .all(accountId, ...params) as AlertRow[];
  }
}
