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

  it("when more callers wait than the queue holds, then the extra ones are refused as busy", async () => {
    const gate = new UpstreamGate(() => 1, 2);
    const release = await gate.acquire();
    const waiting = [gate.acquire(), gate.acquire()];
    await expect(gate.acquire()).rejects.toBeInstanceOf(GateClosedError);
    release();
    gate.hold(1);
    await Promise.allSettled(waiting);
  });

  it("when the limit is reached, then the next caller waits until a request is a second past its answer", async () => {
    const gate = new UpstreamGate(() => 2, 10, 200);
    const a = await gate.acquire();
    const b = await gate.acquire();
    let third = false;
    const c = gate.acquire().then((release) => {
      third = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBe(false); // both still in flight
    a();
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBe(false); // a ended, but less than the window ago
    (await c)();
    expect(third).toBe(true);
    b();
  });

  it("when a request for the location went through another gate, then it counts against the limit here", async () => {
    const gate = new UpstreamGate(() => 1, 10, 200);
    gate.counted(Date.now());
    let allowed = false;
    const next = gate.acquire().then((release) => {
      allowed = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(allowed).toBe(false); // the counted request ended less than the window ago
    (await next)();
    expect(allowed).toBe(true);
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
