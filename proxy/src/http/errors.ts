import { AppleApiError, GateClosedError, isThrottle, UpstreamUnavailableError } from "../apple/client.js";
import { TokenInputError } from "../locations/token.js";

/** The proxy's one error shape: { error: { code, message, appleErrorNumber? } }. */
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

  body(): {
    error: { code: string; message: string; appleErrorNumber?: number; retryAfterSeconds?: number };
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.appleErrorNumber !== undefined ? { appleErrorNumber: this.appleErrorNumber } : {}),
        ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      },
    };
  }
}

const holdMessage = (s: number) => `Apple asked us to wait ${s} s before calling again for this location.`;

/** Domain and upstream failures as API errors; undefined for anything unexpected (a 500). */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof TokenInputError) return new ApiError(400, err.code, err.message);
  if (err instanceof GateClosedError) {
    return err.reason === "hold"
      ? new ApiError(503, "APPLE_HOLD", holdMessage(err.retryAfterSeconds), undefined, err.retryAfterSeconds)
      : new ApiError(
          503,
          "UPSTREAM_BUSY",
          "Too many requests are waiting for Apple; try again in a moment.",
          undefined,
          1,
        );
  }
  if (err instanceof AppleApiError) {
    const n = err.error.errorNumber;
    if (isThrottle(err.httpStatus, n)) {
      const s = err.retryAfterSeconds ?? 1;
      return new ApiError(503, "APPLE_HOLD", holdMessage(s), n, s);
    }
    if (err.httpStatus >= 500) return new ApiError(502, "APPLE_UNAVAILABLE", err.message, n);
    return new ApiError(422, "APPLE_REFUSED", err.message, n);
  }
  if (err instanceof UpstreamUnavailableError) {
    const code = {
      timeout: "UPSTREAM_TIMEOUT",
      network: "APPLE_UNREACHABLE",
      "bad-response": "APPLE_UNREADABLE",
    };
    return new ApiError(
      err.kind === "timeout" ? 504 : 502,
      code[err.kind],
      err.message,
      undefined,
      err.retryAfterSeconds,
    );
  }
  return undefined;
}
