import { describe, expect, it } from "vitest";
import { forecastOf } from "./forecast.js";

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 7);

describe("forecastOf", () => {
  it("when 30 were assigned over the last 30 days and 20 are left, then ~20 days at 1 a day", () => {
    const f = forecastOf(
      [
        { at: now - 40 * DAY, assigned: 10 },
        { at: now - 10 * DAY, assigned: 25 },
        { at: now - DAY, assigned: 40 },
      ],
      20,
      now,
    );
    expect(f?.perDay).toBeCloseTo(1, 5);
    expect(f?.daysLeft).toBe(20);
    expect(f?.method).toBe("30 more assigned in the last 30 days (1.0 a day); 20 available now");
  });

  it("when the copy has watched a title for less than a day, then no forecast", () => {
    expect(
      forecastOf(
        [
          { at: now - 3_600_000, assigned: 1 },
          { at: now, assigned: 50 },
        ],
        5,
        now,
      ),
    ).toBeUndefined();
  });

  it("when assignments fell or stayed, then no forecast", () => {
    expect(
      forecastOf(
        [
          { at: now - 5 * DAY, assigned: 9 },
          { at: now, assigned: 4 },
        ],
        5,
        now,
      ),
    ).toBeUndefined();
    expect(
      forecastOf(
        [
          { at: now - 5 * DAY, assigned: 9 },
          { at: now, assigned: 9 },
        ],
        5,
        now,
      ),
    ).toBeUndefined();
  });

  it("when history is only within the window, then the rate counts from its first reading", () => {
    const f = forecastOf(
      [
        { at: now - 2 * DAY, assigned: 0 },
        { at: now, assigned: 10 },
      ],
      3,
      now,
    );
    expect(f?.perDay).toBeCloseTo(5, 5);
    expect(f?.daysLeft).toBe(1);
  });

  it("when nothing is left, then 0 days", () => {
    expect(
      forecastOf(
        [
          { at: now - 5 * DAY, assigned: 0 },
          { at: now, assigned: 10 },
        ],
        0,
        now,
      )?.daysLeft,
    ).toBe(0);
  });
});
