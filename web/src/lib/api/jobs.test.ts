import { describe, expect, it } from "vitest";
import { expectedTasks } from "./jobs";

const job = (
  type: "associate" | "revoke",
  a: number,
  s: number,
  u: number,
  chunks: { numRequested: number | null }[] = [],
) => ({
  type,
  request: {
    type,
    assets: Array.from({ length: a }, (_, i) => ({ adamId: String(i), pricingParam: "STDQ" as const })),
    serialNumbers: Array(s).fill("x"),
    clientUserIds: Array(u).fill("y"),
  },
  numRequested: chunks.reduce((n, c) => n + (c.numRequested ?? 0), 0),
  chunks: chunks as never[],
});

describe("expectedTasks", () => {
  it("when assets go to serials and users, then tasks are assets × targets", () => {
    expect(expectedTasks(job("associate", 2, 4, 4))).toBe(16);
  });
  it("when a revoke has all its events, then the count is Apple's", () => {
    expect(expectedTasks(job("revoke", 0, 3, 0, [{ numRequested: 5 }, { numRequested: 2 }]))).toBe(7);
  });
});
