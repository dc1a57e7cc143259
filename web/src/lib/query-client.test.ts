import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { retryDelay, shouldRetry } from "./query-client";

describe("shouldRetry", () => {
  it("when the proxy answers 400, then the query is not retried", () => {
    expect(shouldRetry(0, new ApiError(400, "BAD", "bad"))).toBe(false);
  });
  it("when throttled (429), then the query is retried", () => {
    expect(shouldRetry(0, new ApiError(429, "TOO_MANY", "wait"))).toBe(true);
  });
  it("when Apple holds the location, then the query waits it out up to six times", () => {
    const hold = new ApiError(503, "APPLE_HOLD", "wait", 9729, 30);
    expect(shouldRetry(5, hold)).toBe(true);
    expect(shouldRetry(6, hold)).toBe(false);
  });
  it("when a network or 5xx error repeats three times, then retrying stops", () => {
    expect(shouldRetry(1, new TypeError("fetch failed"))).toBe(true);
    expect(shouldRetry(3, new ApiError(502, "APPLE_UNAVAILABLE", "down"))).toBe(false);
  });
});

describe("retryDelay", () => {
  it("when Retry-After is known, then the wait is exactly that", () => {
    expect(retryDelay(0, new ApiError(503, "APPLE_HOLD", "w", 9729, 12))).toBe(12_000);
  });
  it("when it is not, then the wait doubles up to 8 s", () => {
    expect([0, 1, 2, 5].map((n) => retryDelay(n, new Error("x")))).toEqual([1000, 2000, 4000, 8000]);
  });
});
