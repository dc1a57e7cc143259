import { describe, expect, it } from "vitest";
import { GateClosedError, UpstreamGate, parseRetryAfter } from "./gate.js";

describe("UpstreamGate", () => {
  it("when the location is on hold, then acquire refuses with the seconds left and nothing waits", async () => {
    const gate = new UpstreamGate(() => 15);
    gate.hold(30);
    await expect(gate.acquire()).rejects.toMatchObject({ reason: "hold", retryAfterSeconds: 30 });
  });

  it("when Apple gives no Retry-After, then holds grow 1 s, 2 s, 4 s and reset after a success", () => {
    const gate = new UpstreamGate(() => 15);
    expect([gate.hold(undefined), gate.hold(undefined), gate.hold(undefined)]).toEqual([1, 2, 4]);
    gate.succeeded();
    expect(gate.hold(undefined)).toBe(1);
  });

  it("when more requests wait than the queue holds, then the extra ones are refused as busy", async () => {
    const gate = new UpstreamGate(() => 1, 2);
    const first = gate.acquire();
    const waiting = [gate.acquire(), gate.acquire()];
    await expect(gate.acquire()).rejects.toBeInstanceOf(GateClosedError);
    await first;
    void Promise.allSettled(waiting);
  });
});

describe("parseRetryAfter", () => {
  it("when given seconds or an HTTP date, then it returns seconds", () => {
    expect(parseRetryAfter("120")).toBe(120);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
