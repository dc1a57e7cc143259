/** The proxy's one JSON error shape, as a thrown error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly appleErrorNumber?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; appleErrorNumber?: number };
}

/** GET/POST JSON against the proxy (same origin, session cookie). */
export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { Accept: "application/json", ...init.headers },
    credentials: "same-origin",
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      body.error?.code ?? "HTTP_ERROR",
      body.error?.message ?? `The server answered ${res.status}.`,
      body.error?.appleErrorNumber,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
