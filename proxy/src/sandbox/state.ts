import type { Limits, NotificationType } from "../apple/types.js";
import type { AppleErrorNumber } from "../apple/errors.js";
import { advanceEvents } from "./events.js";
import type { SandboxLocation } from "./location.js";
import { Notifier } from "./notifier.js";
import { seedLocation, scaleLocation } from "./seed.js";

/** Apple's example limits (apple-v2-api.md §3.1). */
export const DEFAULT_LIMITS: Limits = {
  maxAssets: 25,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxRevokeClientUserIds: 100,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeSerialNumbers: 100,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
  maxMdmNameLength: 100,
  maxMdmMetadataLength: 255,
  maxMdmIdLength: 100,
};

export interface SandboxConfig {
  /** Records per page of assets, assignments and users (Apple: undocumented, "several hundred"). */
  pageSize: number;
  /** Event tasks processed per second; 0 = instant. */
  eventTasksPerSecond: number;
  /** Added to every Apple-path response. */
  latencyMs: number;
  /** When responses carry tokenExpirationDate: Apple's 15-day rule, or always / never. */
  tokenExpirationDate: "window" | "always" | "never";
  /** How an unknown token is refused: 401 + 9601, 200 with an error body, or legacy 401 + 9622. */
  invalidToken: "401" | "200" | "legacy";
  /** Retry-After seconds on 429 (Apple does not document one; null = header absent). */
  retryAfterOn429: number | null;
  /** Get Assets rejects sinceVersionId (9602) instead of ignoring it. */
  strictAssets: boolean;
  /** Test control: accept http:// notification URLs on loopback (Apple demands HTTPS). */
  allowInsecureNotificationUrls: boolean;
  /** Delays before the 2nd and 3rd delivery attempt (Apple: 3 attempts over 1–5 minutes). */
  notificationRetryDelaysMs: number[];
  /** Send every notification twice with the same notificationId (to test de-duplication). */
  duplicateNotifications: boolean;
  /** Apple moved its endpoints: service config names /mdm/v2-moved/…; the old paths answer 410 + 9634. */
  endpointsMoved: boolean;
  /** Test control: the contentMetadataLookup URL service config names (null = this sandbox's own). */
  metadataLookupUrl: string | null;
  limits: Limits;
}

export const DEFAULT_CONFIG: SandboxConfig = {
  pageSize: 1000,
  eventTasksPerSecond: 500,
  latencyMs: 0,
  tokenExpirationDate: "window",
  invalidToken: "401",
  retryAfterOn429: null,
  strictAssets: false,
  allowInsecureNotificationUrls: false,
  notificationRetryDelaysMs: [60_000, 180_000],
  duplicateNotifications: false,
  endpointsMoved: false,
  metadataLookupUrl: null,
  limits: DEFAULT_LIMITS,
};

export interface TokenRecord {
  uId: string;
  expDate: string;
  orgName: string;
  readOnly: boolean;
  revoked: boolean;
}

export interface Fault {
  /** A refusal: 429 → 9646, 500 → 9603, 503 → 9729, 200 → an error body with HTTP 200. */
  status?: 200 | 429 | 500 | 503;
  errorNumber?: AppleErrorNumber;
  retryAfter?: number;
  /** The request is carried out, but its answer is cut mid-JSON or lacks the eventId; or the
   * connection is reset before Apple reads it (nothing is carried out). */
  answer?: "truncated" | "no-event-id" | "reset";
  /** The request is carried out, and its answer comes this much later (past the client's patience). */
  delayMs?: number;
  /** The write's event: unknown to /status (9708), or reported FAILED without (all) its failures. */
  event?: "forget" | "drop-failures" | "partial-failures";
  /** Matches requests whose path (after /mdm/v2) starts with this. */
  pathPrefix?: string;
  method?: string;
  uId?: string;
  /** Matching requests to let through before this fault applies (0: the next one). */
  skip?: number;
  remaining: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: string;
  authorization?: string;
  cookie?: string;
  status?: number;
  uId?: string;
  /** Which base the request came to: Apple's v2 paths, or where they moved (endpointsMoved). */
  base?: "v2" | "v2-moved";
  /** Sent inside a Retry-After window: refused, and the window lengthened. */
  punished?: boolean;
}

const SCHOOLS = [
  "Lincoln High School",
  "Roosevelt Middle School",
  "Jefferson Elementary",
  "District Office",
  "Madison STEM Academy",
];

export class SandboxState {
  config: SandboxConfig;
  readonly tokens = new Map<string, TokenRecord>();
  readonly locations = new Map<string, SandboxLocation>();
  faults: Fault[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  /** Retry-After windows per location uId ("*" for requests without a known token). */
  readonly retryWindows = new Map<string, { since: number; until: number; seconds: number }>();
  readonly notifier: Notifier;
  /** The standalone sandbox's Apple base URL (marks its tokens); unset when embedded or in tests. */
  publicBaseUrl: string | undefined;
  private nextUId = 2049025000431439n;
  private ticker: NodeJS.Timeout | undefined;

  constructor(config: Partial<SandboxConfig> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config, limits: { ...DEFAULT_LIMITS, ...config.limits } };
    this.notifier = new Notifier(() => this.config);
  }

  /** Background processing of events (and their notifications) even when nobody polls. */
  start(): void {
    this.ticker ??= setInterval(() => this.advanceAll(), 100);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.notifier.stop();
  }

  advance(loc: SandboxLocation): void {
    advanceEvents(loc, Date.now(), this.config.eventTasksPerSecond, (l, type, n) =>
      this.notifier.send(l, type as NotificationType, n),
    );
  }

  advanceAll(): void {
    for (const loc of this.locations.values()) this.advance(loc);
  }

  createLocation(opts: {
    orgName?: string;
    locationName?: string;
    data?: "demo" | "empty";
    assignments?: number;
  }): SandboxLocation {
    const uId = String(this.nextUId);
    this.nextUId += 7919n;
    const n = this.locations.size;
    const loc = seedLocation({
      uId,
      orgName: opts.orgName ?? "Lincoln Unified School District",
      locationName: opts.locationName ?? SCHOOLS[n % SCHOOLS.length] ?? "Lincoln High School",
      data: opts.data ?? "demo",
    });
    if (opts.assignments) scaleLocation(loc, opts.assignments);
    this.locations.set(uId, loc);
    return loc;
  }

  /** Mint a content token the way Apple School Manager builds one: Base64 of {token, expDate, orgName}. */
  mintToken(loc: SandboxLocation, opts: { expDate?: string; readOnly?: boolean; orgName?: string }): string {
    const expDate = opts.expDate ?? formatAppleDate(new Date(Date.now() + 365 * 86_400_000));
    const orgName = opts.orgName ?? loc.orgName;
    const inner = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64");
    // A standalone sandbox marks its tokens with its address (Apple's have no such field; clients
    // ignore it), so a console pointed elsewhere can say where the token belongs.
    const marker = this.publicBaseUrl ? { sandboxUrl: this.publicBaseUrl } : {};
    const cToken = Buffer.from(JSON.stringify({ token: inner, expDate, orgName, ...marker })).toString(
      "base64",
    );
    this.tokens.set(cToken, { uId: loc.uId, expDate, orgName, readOnly: !!opts.readOnly, revoked: false });
    return cToken;
  }

  logRequest(entry: RequestLogEntry): RequestLogEntry {
    this.requestLog.push(entry);
    if (this.requestLog.length > 5000) this.requestLog.splice(0, 1000);
    return entry;
  }

  takeFault(method: string, path: string, uId: string | undefined): Fault | undefined {
    const f = this.faults.find(
      (x) =>
        x.remaining > 0 &&
        (!x.pathPrefix || path.startsWith(x.pathPrefix)) &&
        (!x.method || x.method.toUpperCase() === method) &&
        (!x.uId || x.uId === uId),
    );
    if (!f) return undefined;
    if (f.skip) {
      f.skip--;
      return undefined;
    }
    f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }
}

/** Apple's date format: 2030-11-08T22:33:22+0000. */
export function formatAppleDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "+0000");
}
