import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const here = path.dirname(fileURLToPath(import.meta.url));

const onOff = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((v) => v === "on" || v === "true" || v === "1");

/** 32 bytes as 64 hex digits or Base64 (SECRET_KEY, and the key a rotation moves to). */
export const SECRET_KEY_FORMAT = /^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/]{43}=$/;

const port = z.coerce.number().int().min(0).max(65535);

/** Express's "trust proxy": a number of hops, or addresses / CIDRs / loopback, linklocal, uniquelocal. */
const trustProxy = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{1,2}$/.test(v) ||
      v.split(",").every((part) => {
        const p = part.trim();
        if (["loopback", "linklocal", "uniquelocal"].includes(p)) return true;
        const [ip, bits, extra] = p.split("/");
        return (
          extra === undefined && net.isIP(ip ?? "") > 0 && (bits === undefined || /^\d{1,3}$/.test(bits))
        );
      }),
    "TRUST_PROXY is a number of proxies (1) or a list of addresses, CIDRs and loopback / linklocal / uniquelocal",
  )
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : v.split(",").map((p) => p.trim())));

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(path.resolve(here, "../../data")),
  VPP_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://vpp.itunes.apple.com/mdm/v2"),
  SANDBOX: onOff.default(true),
  SANDBOX_PORT: port.default(8090),
  ADMIN_USER: z.string().min(1).max(64).default("admin"),
  ADMIN_PASSWORD: z.string().min(12, "ADMIN_PASSWORD must be at least 12 characters").optional(),
  SECRET_KEY: z
    .string()
    .regex(SECRET_KEY_FORMAT, "SECRET_KEY must be 32 bytes as 64 hex digits or Base64")
    .optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** Apple: an event still PENDING after 10 minutes should be sent again. */
  EVENT_RESEND_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  STATUS_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Apple's limits and URLs are dynamic: re-read this often (Apple: every 5 minutes). */
  SERVICE_CONFIG_TTL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /** Keep a copy of each location (import, deltas, notifications, nightly re-read); off only for tests. */
  SYNC: onOff.default(true),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  SYNC_FULL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(30 * 86_400_000)
    .default(86_400_000),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** How often scheduled reclaims and scheduled reclaim rules are looked at. */
  RECLAIM_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Where Apple can reach this console (https://…); notifications are registered only when set. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Alerts by mail: smtp://user:pass@host:port (or smtps://); without it, alerts stay in the app. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// address" })
    .optional(),
  ALERT_MAIL_FROM: z.string().min(3).default("vpp-console <vpp-console@localhost>"),
  /** How often every location's alert conditions are looked at. */
  ALERT_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** The first webhook retry waits this long; each next one three times longer (at most 6 h). */
  WEBHOOK_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** The reverse proxies in front of the console, whose X-Forwarded-For / -Proto are believed. */
  TRUST_PROXY: trustProxy.optional(),
  /** Single sign-on with OpenID Connect: the provider's issuer URL (its discovery document is read). */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(512).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(4096).optional(),
  /** Members of this group (in the `OIDC_GROUPS_CLAIM` claim) are admins; of the viewer group, viewers. */
  OIDC_ADMIN_GROUP: z.string().min(1).max(512).optional(),
  OIDC_VIEWER_GROUP: z.string().min(1).max(512).optional(),
  OIDC_GROUPS_CLAIM: z.string().min(1).max(128).default("groups"),
  OIDC_SCOPES: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, "OIDC_SCOPES must include openid")
    .default("openid profile email"),
  /** What the sign-in button calls the provider: "Sign in with …". */
  OIDC_NAME: z.string().min(1).max(64).default("single sign-on"),
  /** A session ends this long after its last use (sliding)… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60)
    .default(12 * 60),
  /** …and this long after sign-in however busy it is; then sign in again. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365 * 24)
    .default(7 * 24),
  /** Local accounts (username and password): off once single sign-on works; on for break-glass. */
  LOCAL_SIGN_IN: onOff.default(true),
  WEB_DIST: z.string().default(path.resolve(here, "../../web/dist")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Settings whose values are secrets: an invalid one is named, never echoed. */
const SECRETS = new Set(["SECRET_KEY", "ADMIN_PASSWORD", "SMTP_URL", "OIDC_CLIENT_SECRET"]);

/** Settings that only make sense together. */
function combinationProblem(c: z.infer<typeof schema>): string | undefined {
  if (c.SESSION_IDLE_MINUTES > c.SESSION_MAX_HOURS * 60)
    return "SESSION_IDLE_MINUTES is longer than SESSION_MAX_HOURS: a session could never idle out";
  if (!c.OIDC_ISSUER) {
    if (!c.LOCAL_SIGN_IN)
      return "LOCAL_SIGN_IN=off needs single sign-on (OIDC_ISSUER), or nobody could sign in";
    return undefined;
  }
  if (!c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET)
    return "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET";
  if (!c.OIDC_ADMIN_GROUP && !c.OIDC_VIEWER_GROUP)
    return "OIDC_ISSUER needs OIDC_ADMIN_GROUP or OIDC_VIEWER_GROUP (without a group nobody gets in)";
  return undefined;
}

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** The console's own address for links and redirects: PUBLIC_URL, else where it listens. */
export const consoleUrl = (c: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT">): string =>
  c.PUBLIC_URL?.replace(/\/$/, "") ?? `http://${c.HOST}:${c.PORT}`;

/** Validate the environment once at start; an invalid value fails with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join(".") ?? "?";
    const got = SECRETS.has(key) ? "the value is not shown" : `got "${String(env[key])}"`;
    throw new ConfigError(`Invalid configuration: ${key}: ${issue?.message ?? "invalid"} (${got})`);
  }
  const problem = combinationProblem(result.data);
  if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  return result.data;
}
