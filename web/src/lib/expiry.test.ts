import { describe, expect, it } from "vitest";
import { expiryLook } from "./expiry";

describe("expiryLook", () => {
  it("when a token is far from expiry, then it is teal and counts days", () => {
    expect(expiryLook("ok", 200)).toEqual({ color: "teal", label: "Valid for 200 days" });
  });
  it("when 30 or 15 days remain, then it warns in orange, then red", () => {
    expect(expiryLook("warning", 25)).toEqual({ color: "orange", label: "Expires in 25 days" });
    expect(expiryLook("critical", 1)).toEqual({ color: "red", label: "Expires in 1 day" });
    expect(expiryLook("critical", 0).label).toBe("Expires today");
  });
  it("when expired, then it says so", () => {
    expect(expiryLook("expired", -3)).toEqual({ color: "red", label: "Expired" });
  });
});
