import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

describe("UpstreamGate rules (on a fake clock)", () => {
  beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") }));
  afterEach(() => void vi.useRealTimers());

  const settledAfter = async (p: Promise<unknown>, ms: number) => {
    let done = false;
    void p.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(ms);
    return done;
  };

  it("when the refusal is a hold or a full queue, then it says which in words", () => {
    expect(new GateClosedError(30, "hold").message).toBe("Apple asked us to wait 30 s");
    expect(new GateClosedError(1, "busy").message).toBe("Too many requests are queued for Apple");
  });

  it("when a hold of 5 s is set, then it lasts exactly 5 s, and a shorter hold later does not cut it", async () => {
    const gate = new UpstreamGate(() => 15);
    expect(gate.hold(5)).toBe(5);
    gate.hold(1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(gate.heldFor()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(gate.heldFor()).toBe(0);
    const release = await gate.acquire();
    release();
  });

  it("when Apple says Retry-After: 0, then the gate still backs off (1 s), it does not hammer", () => {
    const gate = new UpstreamGate(() => 15);
    expect(gate.hold(0)).toBe(1);
    expect(gate.heldFor()).toBe(1);
  });

  it("when the back-off keeps growing, then it stops at 60 s", () => {
    const gate = new UpstreamGate(() => 15);
    const waits = Array.from({ length: 9 }, () => gate.hold(undefined));
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("when the limit is 1, then the next request leaves exactly one window after the last answer", async () => {
    const gate = new UpstreamGate(() => 1, 10, 200);
    const first = await gate.acquire();
    await vi.advanceTimersByTimeAsync(50);
    first();
    const next = gate.acquire();
    expect(await settledAfter(next, 199)).toBe(false);
    expect(await settledAfter(next, 1)).toBe(true);
    (await next)();
  });

  it("when a release is called twice, then the window still counts from the first", async () => {
    const gate = new UpstreamGate(() => 1, 10, 200);
    const release = await gate.acquire();
    release();
    await vi.advanceTimersByTimeAsync(150);
    release();
    const next = gate.acquire();
    expect(await settledAfter(next, 50)).toBe(true);
    (await next)();
  });

  it("when waiting callers have gone through, then the queue has room again", async () => {
    const gate = new UpstreamGate(() => 1, 1, 100);
    const a = await gate.acquire();
    const b = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ reason: "busy" });
    a();
    await vi.advanceTimersByTimeAsync(100);
    (await b)();
    await vi.advanceTimersByTimeAsync(100);
    const c = gate.acquire();
    const d = gate.acquire();
    (await c)();
    await vi.advanceTimersByTimeAsync(100);
    (await d)();
  });

  it("when a hold starts while callers wait for room, then they are refused with the hold", async () => {
    const gate = new UpstreamGate(() => 1, 10, 100);
    const a = await gate.acquire();
    const waiting = gate.acquire();
    gate.hold(3);
    a();
    await expect(waiting).rejects.toMatchObject({ reason: "hold", retryAfterSeconds: 3 });
  });
});

describe("parseRetryAfter", () => {
  it("when the value has spaces, or is a date 1.5 s away, then seconds are read (rounded up)", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(" 120 ", now)).toBe(120);
    expect(parseRetryAfter(new Date(now + 1500).toUTCString(), now)).toBe(1);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:02 GMT", now)).toBe(2);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("", now)).toBeUndefined();
  });

  it("when given seconds or an HTTP date, then it returns seconds", () => {
    expect(parseRetryAfter("120")).toBe(120);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
