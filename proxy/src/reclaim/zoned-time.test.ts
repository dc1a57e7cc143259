import { describe, expect, it } from "vitest";
import { parseSeen } from "./list-file.js";
import { wallTime, zonedToInstant } from "./zoned-time.js";

describe("wall time in a time zone", () => {
  it("22:00 in New York is 03:00 UTC the next day in winter and 02:00 in summer", () => {
    expect(new Date(zonedToInstant("2026-11-23T22:00", "America/New_York")).toISOString()).toBe(
      "2026-11-24T03:00:00.000Z",
    );
    expect(new Date(zonedToInstant("2026-07-01T22:00", "America/New_York")).toISOString()).toBe(
      "2026-07-02T02:00:00.000Z",
    );
    expect(wallTime(Date.parse("2026-11-24T03:00:00Z"), "America/New_York")).toBe("2026-11-23 22:00");
  });

  it("half-hour zones and UTC", () => {
    expect(new Date(zonedToInstant("2026-01-10T09:30:15", "Asia/Kolkata")).toISOString()).toBe(
      "2026-01-10T04:00:15.000Z",
    );
    expect(zonedToInstant("2026-01-10T00:00", "UTC")).toBe(Date.UTC(2026, 0, 10));
  });
});

describe("check-in dates as MDM exports write them", () => {
  it.each([
    ["2026-11-02", "2026-11-02T00:00:00.000Z"],
    ["2026-11-02 14:03:00", "2026-11-02T14:03:00.000Z"],
    ["2026-11-02T14:03:00+01:00", "2026-11-02T13:03:00.000Z"],
    ["11/2/2026 2:03:00 PM", "2026-11-02T14:03:00.000Z"],
    ["11/02/2026 12:10 AM", "2026-11-02T00:10:00.000Z"],
    ["11/02/2026", "2026-11-02T00:00:00.000Z"],
  ])("%s", (raw, iso) => {
    expect(new Date(parseSeen(raw) as number).toISOString()).toBe(iso);
  });

  it.each(["yesterday", "13/45/2026", "2026-13-45", ""])("%s is not a date", (raw) => {
    expect(parseSeen(raw)).toBeUndefined();
  });
});
