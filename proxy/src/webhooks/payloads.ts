import crypto from "node:crypto";

/** What every outbound event says, whatever the receiver: one line, some detail, where to look. */
export interface EventMessage {
  event: string;
  at: string;
  title: string;
  text: string;
  /** An absolute link to the console screen. */
  url: string;
  data: Record<string, unknown>;
}

export type WebhookKind = "generic" | "slack" | "teams";

/** The body a receiver of this kind expects. */
export function payloadFor(kind: WebhookKind, deliveryId: number, m: EventMessage): unknown {
  if (kind === "slack")
    return {
      text: `${m.title}\n${m.text}\n<${m.url}|Open in vpp-console>`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${m.title}*\n${m.text}` } },
        {
          type: "actions",
          elements: [
            { type: "button", text: { type: "plain_text", text: "Open in vpp-console" }, url: m.url },
          ],
        },
      ],
    };
  if (kind === "teams")
    return {
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              { type: "TextBlock", text: m.title, weight: "Bolder", wrap: true },
              { type: "TextBlock", text: m.text, wrap: true },
            ],
            actions: [{ type: "Action.OpenUrl", title: "Open in vpp-console", url: m.url }],
          },
        },
      ],
    };
  return { id: deliveryId, ...m };
}

/**
 * The signature a generic receiver checks: HMAC-SHA256 with the webhook's secret over
 * "<unix seconds>.<raw body>", sent as `X-Vppc-Signature: t=<unix seconds>,v1=<hex>`. A receiver
 * refuses a timestamp older than a few minutes (replays) and compares in constant time.
 */
export function signatureOf(secret: string, body: string, unixSeconds: number): string {
  const mac = crypto.createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** A receiver's check (used by the tests' receiver, and shown in the docs). */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, body, t).split("v1=")[1] as string, "hex");
  return crypto.timingSafeEqual(expected, Buffer.from(m[2] as string, "hex"));
}
