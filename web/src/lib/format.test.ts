import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatPercent, formatRelative } from "./format";

describe("format", () => {
  it("when counts are Apple's unlimited value, then they read 'Unlimited'", () => {
    expect(formatCount(2147483647)).toBe("Unlimited");
    expect(formatCount(2147480823)).toBe("Unlimited");
    expect(formatCount(12345)).toBe("12,345");
  });
  it("when percentages are small, then one decimal is kept", () => {
    expect(formatPercent(5, 100)).toBe("5.0%");
    expect(formatPercent(50, 100)).toBe("50%");
    expect(formatPercent(1, 0)).toBe("—");
  });
  it("when times are recent, then they read relative", () => {
    const now = 1_000_000_000;
    expect(formatRelative(now - 10_000, now)).toBe("just now");
    expect(formatRelative(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(formatRelative(now - 3 * 3600_000, now)).toBe("3 h ago");
  });
  it("when Apple's date format is given, then it is shown as a long date", () => {
    expect(formatDate("2030-11-08T22:33:22+0000")).toBe("8 November 2030");
  });
});
