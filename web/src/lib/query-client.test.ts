import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { shouldRetry } from "./query-client";

describe("shouldRetry", () => {
  it("when the proxy answers 400, then the query is not retried", () => {
    expect(shouldRetry(0, new ApiError(400, "BAD", "bad"))).toBe(false);
  });
  it("when Apple throttles (429), then the query is retried", () => {
    expect(shouldRetry(0, new ApiError(429, "HOLD", "wait"))).toBe(true);
  });
  it("when a network or 5xx error repeats three times, then retrying stops", () => {
    expect(shouldRetry(1, new TypeError("fetch failed"))).toBe(true);
    expect(shouldRetry(3, new ApiError(503, "HOLD", "wait"))).toBe(false);
  });
});
