import { z } from "zod";

/** The rules that watch each location; every one is on by default and adjustable per location. */
export const ALERT_RULES = [
  "running-out",
  "forecast",
  "token-expiry",
  "token-refused",
  "managed-by-other",
  "sync-failing",
  "job-failures",
  "approval-waiting",
  "reclaim-found",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export type AlertSeverity = "info" | "warning" | "critical";

const pct = (what: string) =>
  z
    .number()
    .int(`${what} is a whole percentage`)
    .min(0, `${what} is at least 0`)
    .max(100, `${what} is at most 100`);

/** One location's alert settings (PUT /api/locations/:id/alerts/settings); absent fields keep their defaults. */
export const alertSettingsSchema = z
  .strictObject({
    /** Rules switched off for this location. */
    off: z.array(z.enum(ALERT_RULES)).max(ALERT_RULES.length).default([]),
    /** Running out: warning at or below this share of a limited title's licences available… */
    warningPercent: pct("warningPercent").default(20),
    /** …critical at or below this share, or at or below `criticalLeft` licences left. */
    criticalPercent: pct("criticalPercent").default(10),
    criticalLeft: z.number().int().min(0).max(1_000_000).default(5),
    /** Forecast: warn when the last 30 days' rate of assignment reaches 0 left within this many days. */
    forecastDays: z.number().int().min(1).max(365).default(14),
    /** Sync failing: after this many hours without a good read. */
    syncFailingHours: z.number().int().min(1).max(168).default(1),
  })
  .refine((s) => s.criticalPercent <= s.warningPercent, {
    message: "criticalPercent must not be above warningPercent",
    path: ["criticalPercent"],
  });
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export const DEFAULT_ALERT_SETTINGS: AlertSettings = alertSettingsSchema.parse({});

/** Where alerts go besides the in-app notification centre (PUT /api/alerts/channels). */
export const alertChannelsSchema = z.strictObject({
  emailTo: z
    .array(z.email("each recipient is an e-mail address"))
    .max(50, "at most 50 recipients")
    .default([]),
  /** off: one mail per alert; hourly / daily: one mail listing what fired since the last. */
  digest: z.enum(["off", "hourly", "daily"]).default("off"),
});
export type AlertChannels = z.infer<typeof alertChannelsSchema>;

/** The events a webhook can receive. */
export const WEBHOOK_EVENTS = [
  "alert.fired",
  "job.started",
  "job.finished",
  "location.added",
  "location.renewed",
  "location.taken-over",
  "reclaim.preview",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery can carry: the events above, and the test an admin sends to one webhook. */
export type DeliveryEvent = WebhookEvent | "webhook.test";

/** A new webhook (POST /api/webhooks). Generic ones are signed; Slack and Teams get their own payload. */
export const webhookInputSchema = z.strictObject({
  name: z.string().trim().min(1, "name is empty").max(80, "name is at most 80 characters"),
  url: z.url({ protocol: /^https?$/, error: "url must be an http(s) address" }).max(2000),
  kind: z.enum(["generic", "slack", "teams"]).default("generic"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1, "pick at least one event")
    .default([...WEBHOOK_EVENTS]),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const alertReadSchema = z.strictObject({
  /** The alerts to mark read; absent: every alert. */
  ids: z.array(z.number().int().positive()).max(1000).optional(),
});
