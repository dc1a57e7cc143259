import { describe, expect, it } from "vitest";
import { holdEnd, locationOfPath, reportHold } from "./holds";

describe("holds", () => {
  it("when a path is under a location, then its id is read (encoded ids decoded), else none", () => {
    expect(locationOfPath("/api/locations/ab%20c/vpp/assets?pageIndex=2")).toBe("ab c");
    expect(locationOfPath("/api/locations/x")).toBe("x");
    expect(locationOfPath("/api/search?q=ipad")).toBeUndefined();
  });

  it("when two holds overlap, then the later end wins and a shorter one does not cut it", () => {
    reportHold("/api/locations/h1/assets", 30, 1_000_000);
    reportHold("/api/locations/h1/users", 5, 1_000_000);
    expect(holdEnd("h1")).toBe(1_030_000);
    reportHold("/api/locations/h1/users", 60, 1_000_000);
    expect(holdEnd("h1")).toBe(1_060_000);
    expect(holdEnd("h2")).toBe(0);
  });
});
