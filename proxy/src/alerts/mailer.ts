import nodemailer, { type Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { AlertView } from "../api-types.js";
import { getSetting, setSetting, type Db } from "../store/db.js";
import type { AlertStore } from "./alert-store.js";

const DIGEST_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;
const MAX_MAIL_ATTEMPTS = 5;

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const SEVERITY = { critical: "Critical", warning: "Warning", info: "For you" } as const;

/** One alert or a digest as a mail: plain text and HTML, each alert with a link to its screen. */
export function mailOf(alerts: AlertView[], publicUrl: string, digest: boolean) {
  const first = alerts[0] as AlertView;
  const subject = digest
    ? `[vpp-console] ${alerts.length} alert${alerts.length === 1 ? "" : "s"}: ${first.title}${alerts.length > 1 ? " and more" : ""}`
    : `[vpp-console] ${SEVERITY[first.severity]}: ${first.title}`;
  const url = (a: AlertView) => `${publicUrl}${a.link}`;
  const text = alerts.map((a) => `${SEVERITY[a.severity]}: ${a.title}\n${a.body}\n${url(a)}\n`).join("\n");
  const html = alerts
    .map(
      (a) =>
        `<h2 style="font-size:16px">${escape(SEVERITY[a.severity])}: ${escape(a.title)}</h2><p>${escape(a.body)}</p><p><a href="${escape(url(a))}">Open in vpp-console</a></p>`,
    )
    .join("\n");
  return {
    subject,
    text: `${text}\n— vpp-console`,
    html: `<!doctype html><html><body>${html}</body></html>`,
  };
}

/**
 * Mails what fired: one mail each, or a digest per hour or day. Without SMTP_URL or recipients,
 * alerts stay in the app only (and are not mailed later in a flood when mail is set up).
 */
export class AlertMailer {
  private readonly transport: Transporter | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      alerts: AlertStore;
      logger: Logger;
      smtpUrl: string | undefined;
      from: string;
      publicUrl: () => string;
    },
  ) {
    this.transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : undefined;
  }

  get configured(): boolean {
    return !!this.transport;
  }

  async flush(now = Date.now()): Promise<void> {
    const { db } = this.deps;
    const pending = db
      .prepare("SELECT id FROM alerts WHERE mailed_at IS NULL AND mail_attempts < ? ORDER BY id")
      .all(MAX_MAIL_ATTEMPTS) as { id: number }[];
    if (pending.length === 0) return;
    const channels = this.deps.alerts.channels();
    const ids = pending.map((p) => p.id);
    if (!this.transport || channels.emailTo.length === 0) return this.mark(ids, now);
    if (channels.digest !== "off") {
      const last = Number(getSetting(db, "alerts.lastDigestAt") ?? 0);
      if (now - last < DIGEST_MS[channels.digest]) return;
      if (await this.send(ids, channels.emailTo, true)) {
        this.mark(ids, now);
        setSetting(db, "alerts.lastDigestAt", String(now));
      }
      return;
    }
    for (const id of ids) if (await this.send([id], channels.emailTo, false)) this.mark([id], now);
  }

  private async send(ids: number[], to: string[], digest: boolean): Promise<boolean> {
    const alerts = ids.map((id) => this.deps.alerts.get(id)).filter((a): a is AlertView => !!a);
    if (alerts.length === 0) return true;
    try {
      await this.transport?.sendMail({
        from: this.deps.from,
        to,
        ...mailOf(alerts, this.deps.publicUrl(), digest),
      });
      return true;
    } catch (err) {
      const bump = this.deps.db.prepare("UPDATE alerts SET mail_attempts = mail_attempts + 1 WHERE id = ?");
      for (const id of ids) bump.run(id);
      this.deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err), alerts: ids.length },
        "alert mail failed",
      );
      return false;
    }
  }

  private mark(ids: number[], now: number): void {
    const mark = this.deps.db.prepare("UPDATE alerts SET mailed_at = ? WHERE id = ?");
    this.deps.db.transaction(() => ids.forEach((id) => mark.run(now, id)))();
  }
}
