import { reportHold } from "./holds";

/** The proxy's one JSON error shape, as a thrown error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly appleErrorNumber?: number,
    readonly retryAfterSeconds?: number,
    /** The proxy's X-Request-Id: what to quote to whoever runs the console. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; appleErrorNumber?: number; retryAfterSeconds?: number };
}

/** Fired when the proxy says the session is gone; the app sends the user to sign in. */
export const SESSION_EXPIRED_EVENT = "vpp:session-expired";

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as ErrorBody;
  const header = Number(res.headers.get("retry-after"));
  const retryAfter =
    body.error?.retryAfterSeconds ?? (Number.isFinite(header) && header > 0 ? header : undefined);
  return new ApiError(
    res.status,
    body.error?.code ?? "HTTP_ERROR",
    body.error?.message ?? `The server answered ${res.status}.`,
    body.error?.appleErrorNumber,
    retryAfter,
    res.headers.get("x-request-id") ?? undefined,
  );
}

/** JSON against the proxy (same origin, session cookie). Throws ApiError on any refusal. */
export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { Accept: "application/json", ...init.headers },
    credentials: "same-origin",
  });
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && err.code === "UNAUTHENTICATED")
      window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    if (err.code === "APPLE_HOLD") reportHold(path, err.retryAfterSeconds ?? 1);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const sendJson =
  (method: "POST" | "PUT") =>
  <T>(path: string, body?: unknown) =>
    apiFetch<T>(path, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }
        : {}),
    });

export const postJson = sendJson("POST");
export const putJson = sendJson("PUT");
