import { describe, expect, it } from "vitest";
import { exportFilename, neutralise } from "./csv.js";

describe("neutralise", () => {
  it("when a cell starts with a formula character, then it is prefixed so it stays text", () => {
    for (const p of ["=", "+", "-", "@", "\t", "\r"])
      expect(neutralise(`${p}HYPERLINK("x")`)).toBe(`'${p}HYPERLINK("x")`);
  });
  it("when a cell is ordinary, then it is unchanged", () => {
    expect(neutralise("Keynote")).toBe("Keynote");
    expect(neutralise(42)).toBe("42");
    expect(neutralise(undefined)).toBe("");
    expect(neutralise("a=b")).toBe("a=b");
  });
});

describe("exportFilename", () => {
  it("when a location has accents and spaces, then the name is a safe slug with a timestamp", () => {
    expect(exportFilename("assignments", "Lycée Jean-Moulin", new Date("2026-11-22T23:47:00Z"))).toBe(
      "vpp-assignments-lycee-jean-moulin-20261122-2347.csv",
    );
  });
});
