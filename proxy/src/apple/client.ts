import { asErrorResponse, explainAppleError, TOKEN_REFUSALS } from "./errors.js";
import { GateClosedError, parseRetryAfter, type UpstreamGate } from "./gate.js";
import { defaultUrl } from "./service-config.js";
import { appleHolds, appleRequestSeconds, appleRequests, endpointOf } from "../metrics/metrics.js";
import type { Envelope, ErrorResponse } from "./types.js";

/** Apple refused: an ErrorResponse, whatever the HTTP status (Apple can answer 200 with one). */
export class AppleApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: ErrorResponse,
    readonly retryAfterSeconds?: number,
  ) {
    super(explainAppleError(error.errorNumber));
  }
}

/** Apple did not answer in time, could not be reached, or sent something that is not an answer. */
export class UpstreamUnavailableError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "network" | "bad-response",
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export { GateClosedError };

export interface UpstreamTarget {
  baseUrl: string;
  /** The content token; only ever placed in the Authorization header. */
  token: string;
  gate: UpstreamGate;
  timeoutMs: number;
  /** Apple's current URL for an endpoint path (service config `urls`), else `${baseUrl}/${path}`. */
  urlFor?: (path: string) => string;
  /** Read Apple's service config again now (an endpoint answered that it was removed or moved). */
  reloadUrls?: () => Promise<void>;
  /** Called with every successful body, to watch mdmInfo (another MDM taking the location). */
  onEnvelope?: (envelope: Envelope) => void;
  /** Called when Apple refuses the token itself (9601, 9621, 9622, 9625). */
  onTokenRefused?: (error: AppleApiError) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Statuses and error numbers after which the location must wait before calling again. */
export function isThrottle(status: number, errorNumber?: number): boolean {
  return status === 429 || status === 503 || errorNumber === 9646 || errorNumber === 9729;
}

/** A write whose answer never arrived (or arrived unreadable) may have reached Apple. */
export function mayHaveReachedApple(err: unknown): boolean {
  return err instanceof UpstreamUnavailableError;
}

export { defaultUrl };

/** One call to Apple through the location's gate, with a bounded timeout. */
export async function appleRequest<T>(
  target: UpstreamTarget,
  method: "GET" | "POST",
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const url = () => target.urlFor?.(path) ?? defaultUrl(target.baseUrl, path);
  const before = url();
  try {
    return await gated(target, () => send<T>(target, method, before, opts));
  } catch (err) {
    // 9634 "Service removed": Apple moved the endpoint; follow service config's new URL once.
    if (!(err instanceof AppleApiError && err.error.errorNumber === 9634) || !target.reloadUrls) throw err;
    await target.reloadUrls();
    const after = url();
    if (after === before) throw err;
    return gated(target, () => send<T>(target, method, after, opts));
  }
}

async function gated<T>(target: UpstreamTarget, call: () => Promise<T>): Promise<T> {
  const release = await target.gate.acquire();
  try {
    return await call();
  } finally {
    release();
  }
}

async function send<T>(
  target: UpstreamTarget,
  method: "GET" | "POST",
  endpoint: string,
  opts: RequestOptions,
): Promise<T> {
  const url = new URL(endpoint);
  for (const [k, v] of Object.entries(opts.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  let res: Response;
  let text: string;
  const label = endpointOf(endpoint);
  const timer = appleRequestSeconds.startTimer({ endpoint: label });
  try {
    res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${target.token}`,
        Accept: "application/json",
        ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: "error",
    });
    text = await res.text();
    timer();
  } catch (err) {
    const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    appleRequests.inc({ endpoint: label, status: timeout ? "timeout" : "network" });
    throw new UpstreamUnavailableError(
      timeout
        ? `Apple did not answer within ${Math.round(target.timeoutMs / 1000)} s.`
        : "Apple's service could not be reached.",
      timeout ? "timeout" : "network",
    );
  }
  return readAnswer<T>(target, label, res.status, res.headers.get("retry-after"), text);
}

/**
 * What an answer from Apple means, read the same way for every caller (jobs, exports, forwarding):
 * the body, or a refusal (AppleApiError), or an unreadable answer (UpstreamUnavailableError).
 * Any Retry-After on a 429 or 5xx puts the location on hold; a throttle without one backs off.
 */
export function readAnswer<T>(
  target: UpstreamTarget,
  /** The endpoint's metrics label (endpointOf). */
  endpoint: string,
  status: number,
  retryAfterHeader: string | null | undefined,
  text: string,
): T {
  appleRequests.inc({ endpoint, status: String(status) });
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const retryAfter = parseRetryAfter(retryAfterHeader);
  const error = asErrorResponse(body);
  const throttle = isThrottle(status, error?.errorNumber);
  const wait =
    throttle || (retryAfter !== undefined && status >= 500) ? target.gate.hold(retryAfter) : undefined;
  if (wait !== undefined) appleHolds.inc();
  if (error) {
    const e = new AppleApiError(status, error, wait);
    if (TOKEN_REFUSALS.has(error.errorNumber)) target.onTokenRefused?.(e);
    throw e;
  }
  if (throttle) {
    const errorNumber = status === 429 ? 9646 : 9729;
    throw new AppleApiError(status, { errorNumber, errorMessage: `HTTP ${status}` }, wait);
  }
  if (status < 200 || status >= 300 || typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new UpstreamUnavailableError(
      `Apple sent an unreadable answer (HTTP ${status}${body === undefined ? ", not JSON" : ", not an answer Apple documents"}).`,
      "bad-response",
      wait,
    );
  }
  target.gate.succeeded();
  target.onEnvelope?.(body as Envelope);
  return body as T;
}
