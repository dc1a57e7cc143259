import type { NotificationEnvelope, NotificationType } from "../apple/types.js";
import type { SandboxLocation } from "./location.js";
import type { SandboxConfig } from "./state.js";

export interface DeliveryRecord {
  notificationId: string;
  notificationType: NotificationType;
  uId: string;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
  body: NotificationEnvelope;
}

/** Apple's notification sender: POST with the Bearer auth token, 3 attempts, 2xx = delivered. */
export class Notifier {
  readonly log: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly config: () => SandboxConfig) {}

  /** Sends only subscribed types (TEST_NOTIFICATION goes out through `deliverNow`). */
  send(loc: SandboxLocation, type: NotificationType, notification: object): void {
    const c = loc.clientConfig;
    if (!c.notificationUrl || !c.notificationAuthToken || !c.notificationTypes.includes(type)) return;
    const body: NotificationEnvelope = {
      notification,
      notificationId: crypto.randomUUID(),
      notificationType: type,
      uId: loc.uId,
    };
    const copies = this.config().duplicateNotifications ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      void this.attempt(c.notificationUrl, c.notificationAuthToken, body, 1);
    }
  }

  /** One synchronous delivery (the TEST_NOTIFICATION of a client config POST): true on 2xx. */
  async deliverNow(url: string, authToken: string, body: NotificationEnvelope): Promise<boolean> {
    return (await this.post(url, authToken, body, 1)) === "ok";
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async attempt(url: string, token: string, body: NotificationEnvelope, n: number): Promise<void> {
    const result = await this.post(url, token, body, n);
    const delays = this.config().notificationRetryDelaysMs;
    if (result === "ok" || n >= 3) return;
    const delay = delays[n - 1] ?? delays[delays.length - 1] ?? 60_000;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(url, token, body, n + 1);
    }, delay);
    t.unref();
    this.timers.add(t);
  }

  private async post(
    url: string,
    token: string,
    body: NotificationEnvelope,
    attempt: number,
  ): Promise<"ok" | "failed"> {
    const rec: DeliveryRecord = {
      notificationId: body.notificationId,
      notificationType: body.notificationType,
      uId: body.uId,
      url,
      attempt,
      at: Date.now(),
      body,
    };
    this.log.push(rec);
    if (this.log.length > 2000) this.log.splice(0, 500);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
        redirect: "manual",
      });
      rec.status = res.status;
      await res.body?.cancel();
      return res.status >= 200 && res.status < 300 ? "ok" : "failed";
    } catch (err) {
      rec.error = err instanceof Error ? err.message : String(err);
      return "failed";
    }
  }
}
