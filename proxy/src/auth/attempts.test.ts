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
});
