import type { Logger } from "pino";
import type { DeliveryEvent } from "../contract/alerts.js";
import { payloadFor, signatureOf, type EventMessage } from "./payloads.js";
import type { WebhookStore } from "./webhook-store.js";
import { SerialPasses } from "../lib/serial-passes.js";

/** Attempts before a delivery is given up. With a 10 s base: 10 s, 30 s, 1.5 min, … ≈ 6 h in all. */
export const MAX_ATTEMPTS = 8;
const SEND_TIMEOUT_MS = 10_000;

/** When the next attempt goes after `attempts` failed ones: the base, tripled each time, at most 6 h. */
export const retryDelay = (attempts: number, baseMs: number): number =>
  Math.min(baseMs * 3 ** (attempts - 1), 6 * 3_600_000);

/**
 * Outbound events: each is queued in the store for every webhook that takes it (so a restart loses
 * nothing), then sent, signed, and retried with back-off until it is taken or given up.
 */
export class Deliverer {
  private readonly passes = new SerialPasses(() => this.sendDue());

  constructor(
    private readonly deps: {
      hooks: WebhookStore;
      logger: Logger;
      retryBaseMs: number;
      /** The console's own address, for links in messages. */
      publicUrl: () => string;
    },
  ) {}

  /** Queues the event for the webhooks that take it (or only for webhook `to`) and starts sending. */
  emit(
    event: DeliveryEvent,
    message: Omit<EventMessage, "event" | "at" | "url"> & { link: string },
    to?: string,
  ): void {
    const { link, ...rest } = message;
    const m: EventMessage = {
      event,
      at: new Date().toISOString(),
      url: `${this.deps.publicUrl()}${link}`,
      ...rest,
    };
    if (this.deps.hooks.enqueue(event, m, Date.now(), to) > 0) void this.flush();
  }

  /**
   * Sends what is due, one pass at a time. Asked while a pass runs, another follows it (the pass
   * under way read the queue before what was just queued); the promise ends after both.
   */
  flush(): Promise<void> {
    return this.passes.run();
  }

  private async sendDue(): Promise<void> {
    for (const d of this.deps.hooks.due()) {
      const target = this.deps.hooks.target(d.webhook_id);
      if (!target) continue;
      const body = JSON.stringify(payloadFor(target.kind, d.id, JSON.parse(d.payload) as EventMessage));
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "User-Agent": "vpp-console-webhooks",
        "X-Vppc-Event": d.event,
        "X-Vppc-Delivery": String(d.id),
      };
      if (target.kind === "generic")
        headers["X-Vppc-Signature"] = signatureOf(target.secret, body, Math.floor(Date.now() / 1000));
      let status: number | null = null;
      let error: string;
      try {
        const res = await fetch(target.url, {
          method: "POST",
          headers,
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        status = res.status;
        await res.body?.cancel();
        if (res.ok) {
          this.deps.hooks.delivered(d.id, status);
          continue;
        }
        error = `the receiver answered HTTP ${status}`;
      } catch (err) {
        error =
          err instanceof Error && err.name === "TimeoutError"
            ? "no answer within 10 s"
            : "the receiver could not be reached";
      }
      const attempts = d.attempts + 1;
      const next = attempts >= MAX_ATTEMPTS ? null : Date.now() + retryDelay(attempts, this.deps.retryBaseMs);
      this.deps.hooks.attemptFailed(d.id, status, error, next);
      this.deps.logger.warn(
        { webhookId: d.webhook_id, delivery: d.id, status, attempts },
        "webhook delivery failed",
      );
    }
  }
}
