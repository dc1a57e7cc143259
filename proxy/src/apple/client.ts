import { asErrorResponse, explainAppleError } from "./errors.js";
import { GateClosedError, parseRetryAfter, type UpstreamGate } from "./gate.js";
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

/** Apple did not answer in time, or could not be reached. */
export class UpstreamUnavailableError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "network" | "bad-response",
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
  /** Called with every successful body, to watch mdmInfo (another MDM taking the location). */
  onEnvelope?: (envelope: Envelope) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Statuses and error numbers after which the location must wait before calling again. */
export function isThrottle(status: number, errorNumber?: number): boolean {
  return status === 429 || status === 503 || errorNumber === 9646 || errorNumber === 9729;
}

/** One call to Apple through the location's gate, with a bounded timeout. */
export async function appleRequest<T>(
  target: UpstreamTarget,
  method: "GET" | "POST",
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const release = await target.gate.acquire();
  try {
    return await send<T>(target, method, path, opts);
  } finally {
    release();
  }
}

async function send<T>(
  target: UpstreamTarget,
  method: "GET" | "POST",
  path: string,
  opts: RequestOptions,
): Promise<T> {
  const url = new URL(`${target.baseUrl.replace(/\/$/, "")}/${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  let res: Response;
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
  } catch (err) {
    const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new UpstreamUnavailableError(
      timeout
        ? `Apple did not answer within ${Math.round(target.timeoutMs / 1000)} s.`
        : "Apple's service could not be reached.",
      timeout ? "timeout" : "network",
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const retryAfter = parseRetryAfter(res.headers.get("retry-after"));
  const error = asErrorResponse(body);
  if (error || !res.ok) {
    const e = error ?? { errorNumber: res.status >= 500 ? 9603 : 9602, errorMessage: `HTTP ${res.status}` };
    const wait = isThrottle(res.status, e.errorNumber) ? target.gate.hold(retryAfter) : undefined;
    throw new AppleApiError(res.status, e, wait);
  }
  if (body === undefined)
    throw new UpstreamUnavailableError("Apple answered with something that is not JSON.", "bad-response");
  target.gate.succeeded();
  target.onEnvelope?.(body as Envelope);
  return body as T;
}
