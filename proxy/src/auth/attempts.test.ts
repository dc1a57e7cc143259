import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempts.js";

describe("AttemptLimiter", () => {
  it("when failures reach the limit inside the window, then the key is blocked until the oldest expires", () => {
    const l = new AttemptLimiter(3, 60_000);
    l.fail("u", 0);
    l.fail("u", 10_000);
    expect(l.blockedFor("u", 10_000)).toBe(0);
    l.fail("u", 20_000);
    expect(l.blockedFor("u", 20_000)).toBe(40);
    expect(l.blockedFor("u", 60_001)).toBe(0);
  });

  it("when a key is reset, then it is no longer blocked", () => {
    const l = new AttemptLimiter(1, 60_000);
    l.fail("u", 0);
    expect(l.blockedFor("u", 1)).toBeGreaterThan(0);
    l.reset("u");
    expect(l.blockedFor("u", 1)).toBe(0);
  });

  it("when a failure is exactly one window old, then it no longer counts (a millisecond before, it does)", () => {
    const l = new AttemptLimiter(1, 60_000);
    l.fail("u", 1_000_000);
    expect(l.blockedFor("u", 1_059_999)).toBe(1);
    expect(l.blockedFor("u", 1_060_000)).toBe(0);
    l.fail("u", 1_060_000); // the old failure left the window: one counts, not two
    expect(l.blockedFor("u", 1_060_000)).toBe(60);
  });

  it("when more than 10,000 keys have failed, then the oldest 1,000 are forgotten, and only then", () => {
    const l = new AttemptLimiter(1, 3_600_000);
    for (let k = 0; k < 10_000; k++) l.fail(`k${k}`, 0);
    expect(l.blockedFor("k0", 1)).toBeGreaterThan(0); // 10,000 kept
    l.fail("k10000", 0);
    expect([l.blockedFor("k0", 1), l.blockedFor("k999", 1)]).toEqual([0, 0]);
    expect([l.blockedFor("k1000", 1) > 0, l.blockedFor("k10000", 1) > 0]).toEqual([true, true]);
  });
});
