import type { ServiceConfigResponse } from "./types.js";

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
