import type { ServiceConfigResponse } from "./types.js";

export const defaultUrl = (baseUrl: string, path: string) => `${baseUrl.replace(/\/$/, "")}/${path}`;

/** Endpoint paths and the names Apple gives their URLs in service config (apple-v2-api.md §3.1). */
const URL_NAMES: Record<string, string> = {
  "client/config": "clientConfig",
  assets: "getAssets",
  assignments: "getAssignments",
  users: "getUsers",
  status: "eventStatus",
  "assets/associate": "associateAssets",
  "assets/disassociate": "disassociateAssets",
  "assets/revoke": "revokeAssets",
  "users/create": "createUsers",
  "users/update": "updateUsers",
  "users/retire": "retireUsers",
};

/**
 * Whether the content token may be sent to this URL: the configured upstream's own origin, or,
 * for Apple's service, another https host of apple.com. Anything else gets no token and no cookie.
 */
export function tokenMayGo(baseUrl: string, url: string): boolean {
  let u: URL;
  let b: URL;
  try {
    u = new URL(url);
    b = new URL(baseUrl);
  } catch {
    return false;
  }
  if (u.origin === b.origin) return true;
  const apple = (h: string) => h === "apple.com" || h.endsWith(".apple.com");
  return b.protocol === "https:" && u.protocol === "https:" && apple(b.hostname) && apple(u.hostname);
}

/** Every endpoint of Apple's v2 service the console calls, as a path below the base URL. */
export const APPLE_ENDPOINTS: readonly string[] = ["service/config", ...Object.keys(URL_NAMES)];

const FIVE_MINUTES = 5 * 60_000;

/**
 * Apple's limits and URLs are dynamic: cached per upstream and refreshed every 5 minutes
 * (apple-v2-api.md §3.1). A failed refresh keeps serving the last good copy.
 */
export class ServiceConfigCache {
  private readonly entries = new Map<string, { at: number; value: ServiceConfigResponse }>();
  private readonly inflight = new Map<string, Promise<ServiceConfigResponse>>();

  constructor(
    private readonly timeoutMs = 15_000,
    private readonly ttlMs = FIVE_MINUTES,
  ) {}

  /** Re-read in the background once the copy is older than the TTL (called on every request to Apple). */
  refreshIfStale(baseUrl: string): void {
    const hit = this.entries.get(baseUrl);
    if (!hit || Date.now() - hit.at >= this.ttlMs) void this.get(baseUrl).catch(() => undefined);
  }

  /** Read again now (after Apple said an endpoint was removed); keeps the old copy on failure. */
  async reload(baseUrl: string): Promise<ServiceConfigResponse | undefined> {
    const hit = this.entries.get(baseUrl);
    this.entries.delete(baseUrl);
    try {
      return await this.get(baseUrl);
    } catch {
      if (hit) this.entries.set(baseUrl, hit);
      return hit?.value;
    }
  }

  /** The URL Apple's service config names for an endpoint path, where the token may go. */
  urlFor(baseUrl: string, path: string): string {
    const named = this.peek(baseUrl)?.urls?.[URL_NAMES[path] ?? ""];
    return named && tokenMayGo(baseUrl, named) ? named : defaultUrl(baseUrl, path);
  }

  /** The cached copy, even if stale (for synchronous readers such as the rate gate). */
  peek(baseUrl: string): ServiceConfigResponse | undefined {
    return this.entries.get(baseUrl)?.value;
  }

  async get(baseUrl: string): Promise<ServiceConfigResponse> {
    const hit = this.entries.get(baseUrl);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    let p = this.inflight.get(baseUrl);
    if (!p) {
      p = this.fetch(baseUrl).finally(() => this.inflight.delete(baseUrl));
      this.inflight.set(baseUrl, p);
    }
    try {
      return await p;
    } catch (err) {
      if (hit) return hit.value;
      throw err;
    }
  }

  invalidate(baseUrl?: string): void {
    if (baseUrl) this.entries.delete(baseUrl);
    else this.entries.clear();
  }

  private async fetch(baseUrl: string): Promise<ServiceConfigResponse> {
    const res = await fetch(`${baseUrl.replace(/\/$/, "")}/service/config`, {
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as ServiceConfigResponse;
    if (!res.ok || typeof body !== "object" || body === null || typeof body.limits !== "object") {
      throw new Error(`service/config answered ${res.status}`);
    }
    this.entries.set(baseUrl, { at: Date.now(), value: body });
    return body;
  }
}
