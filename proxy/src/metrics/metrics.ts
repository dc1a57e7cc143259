import client from "prom-client";
import { APPLE_ENDPOINTS } from "../apple/service-config.js";

/**
 * The process's own metrics (Apple requests and holds, SSE watchers, job durations): counted where
 * they happen. Per-console gauges (queue depth, sync lag) are read from the store at scrape time.
 */
export const processRegistry = new client.Registry();
client.collectDefaultMetrics({ register: processRegistry, prefix: "vppc_" });

export const appleRequests = new client.Counter({
  name: "vppc_apple_requests_total",
  help: "Requests to Apple, by endpoint and HTTP status (network / timeout when there was no answer)",
  labelNames: ["endpoint", "status"] as const,
  registers: [processRegistry],
});

export const appleRequestSeconds = new client.Histogram({
  name: "vppc_apple_request_duration_seconds",
  help: "Time Apple took to answer, by endpoint (a job's chunks are the assets/* and users/* POSTs)",
  labelNames: ["endpoint"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processRegistry],
});

export const appleHolds = new client.Counter({
  name: "vppc_apple_holds_total",
  help: "Waits Apple asked for (429 / 503 with Retry-After, or a throttle backed off)",
  registers: [processRegistry],
});

export const jobSeconds = new client.Histogram({
  name: "vppc_job_duration_seconds",
  help: "From a job's first request to its end, by type and final state",
  labelNames: ["type", "state"] as const,
  buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600],
  registers: [processRegistry],
});

export const sseClients = new client.Gauge({
  name: "vppc_sse_clients",
  help: "Browsers watching a job's progress now",
  registers: [processRegistry],
});

const KNOWN = new Set(APPLE_ENDPOINTS);

/** "https://vpp.itunes.apple.com/mdm/v2/assets/associate?x" → "assets/associate"; anything else "other". */
export function endpointOf(url: string): string {
  let path: string;
  try {
    path = new URL(url, "http://x").pathname;
  } catch {
    return "other";
  }
  const tail = path.replace(/^.*\/v2\//, "").replace(/^\/|\/$/g, "");
  return KNOWN.has(tail) ? tail : "other";
}
