import crypto from "node:crypto";
import type { WebhookDeliveryView, WebhookView } from "../api-types.js";
import type { DeliveryEvent, WebhookEvent, WebhookInput } from "../contract/alerts.js";
import type { Db } from "../store/db.js";
import type { SecretBox } from "../store/secret-box.js";
import type { WebhookKind } from "./payloads.js";
import { SEALED } from "../store/sealed.js";

interface HookRow {
  id: string;
  name: string;
  url_hint: string;
  kind: WebhookKind;
  events: string;
  created_at: number;
}

interface DeliveryRow {
  id: number;
  webhook_id: string;
  event: string;
  payload: string;
  status: WebhookDeliveryView["status"];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  next_at: number | null;
  delivered_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** "https://hooks.slack.com/…": enough to recognise, not enough to post. */
const hintOf = (url: string) => `${new URL(url).origin}/…`;

/** Webhooks (address and secret sealed at rest) and the log of each delivery. */
export class WebhookStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  create(input: WebhookInput, actor: string): { view: WebhookView; secret: string } {
    const id = crypto.randomUUID();
    const secret = `whsec_${crypto.randomBytes(32).toString("base64url")}`;
    this.db
      .prepare(
        `INSERT INTO webhooks (id, name, url_enc, url_hint, kind, secret_enc, events, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.name,
        this.box.seal(input.url, SEALED.webhookUrl.context(id)),
        hintOf(input.url),
        input.kind,
        this.box.seal(secret, SEALED.webhookSecret.context(id)),
        JSON.stringify(input.events),
        actor,
        Date.now(),
      );
    return { view: this.get(id) as WebhookView, secret };
  }

  list(): WebhookView[] {
    return (this.db.prepare("SELECT * FROM webhooks ORDER BY created_at").all() as HookRow[]).map((r) =>
      this.view(r),
    );
  }

  get(id: string): WebhookView | undefined {
    const row = this.db.prepare("SELECT * FROM webhooks WHERE id = ?").get(id) as HookRow | undefined;
    return row ? this.view(row) : undefined;
  }

  remove(id: string): boolean {
    return this.db.prepare("DELETE FROM webhooks WHERE id = ?").run(id).changes > 0;
  }

  /** Where and how to send: the only place the address and secret are opened. */
  target(id: string): { url: string; secret: string; kind: WebhookKind } | undefined {
    const row = this.db.prepare("SELECT url_enc, secret_enc, kind FROM webhooks WHERE id = ?").get(id) as
      { url_enc: Buffer; secret_enc: Buffer; kind: WebhookKind } | undefined;
    if (!row) return undefined;
    return {
      url: this.box.open(row.url_enc, SEALED.webhookUrl.context(id)),
      secret: this.box.open(row.secret_enc, SEALED.webhookSecret.context(id)),
      kind: row.kind,
    };
  }

  /** One pending delivery per webhook that takes this event. */
  /** Queues the event for every webhook that takes it, or for the one webhook `only`; returns how many. */
  enqueue(event: DeliveryEvent, payload: unknown, now = Date.now(), only?: string): number {
    const hooks = (
      this.db.prepare("SELECT id, events FROM webhooks").all() as { id: string; events: string }[]
    ).filter((h) => (only ? h.id === only : (JSON.parse(h.events) as string[]).includes(event)));
    const insert = this.db.prepare(
      "INSERT INTO webhook_deliveries (webhook_id, event, payload, created_at, next_at) VALUES (?, ?, ?, ?, ?)",
    );
    const body = JSON.stringify(payload);
    this.db.transaction(() => hooks.forEach((h) => insert.run(h.id, event, body, now, now)))();
    return hooks.length;
  }

  due(now = Date.now(), limit = 50): DeliveryRow[] {
    return this.db
      .prepare(
        "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?",
      )
      .all(now, limit) as DeliveryRow[];
  }

  delivered(id: number, status: number, now = Date.now()): void {
    this.db
      .prepare(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL, delivered_at = ?, next_at = NULL WHERE id = ?",
      )
      .run(status, now, id);
  }

  /** A failed attempt: again at `nextAt`, or given up (null). */
  attemptFailed(id: number, status: number | null, error: string, nextAt: number | null): void {
    this.db
      .prepare(
        "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, next_at = ? WHERE id = ?",
      )
      .run(nextAt === null ? "failed" : "pending", status, error.slice(0, 500), nextAt, id);
  }

  deliveries(webhookId: string, limit = 100): WebhookDeliveryView[] {
    return (
      this.db
        .prepare("SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?")
        .all(webhookId, limit) as DeliveryRow[]
    ).map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.last_status,
      lastError: d.last_error,
      createdAt: iso(d.created_at) as string,
      nextAt: d.status === "pending" ? iso(d.next_at) : null,
      deliveredAt: iso(d.delivered_at),
    }));
  }

  private view(r: HookRow): WebhookView {
    const last = this.db
      .prepare(
        "SELECT coalesce(delivered_at, created_at) AS at, status FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(r.id) as { at: number; status: WebhookDeliveryView["status"] } | undefined;
    return {
      id: r.id,
      name: r.name,
      urlHint: r.url_hint,
      kind: r.kind,
      events: JSON.parse(r.events) as WebhookEvent[],
      createdAt: new Date(r.created_at).toISOString(),
      lastDelivery: last ? { at: new Date(last.at).toISOString(), status: last.status } : null,
    };
  }
}
