import { describe, expect, it } from "vitest";
import { cleanAssets, cleanSerials, cleanTargets, planChunks, type JobRequest } from "./plan.js";

const LIMITS = {
  maxAssets: 25,
  maxSerialNumbers: 1000,
  maxClientUserIds: 1000,
  maxRevokeSerialNumbers: 100,
  maxRevokeClientUserIds: 100,
};
const serials = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`);
const users = (n: number) => Array.from({ length: n }, (_, i) => `U${i}`);
const assets = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ adamId: String(1000 + i), pricingParam: "STDQ" as const }));
const req = (type: JobRequest["type"], a: number, s: number, u: number): JobRequest => ({
  type,
  assets: assets(a),
  serialNumbers: serials(s),
  clientUserIds: users(u),
});

describe("planChunks", () => {
  it("when 1 app goes to 2,500 serials, then 3 requests of ≤ 1,000 serials cover every serial once", () => {
    const chunks = planChunks(req("associate", 1, 2500, 0), LIMITS);
    expect(chunks.map((c) => c.serialNumbers.length)).toEqual([1000, 1000, 500]);
    expect(new Set(chunks.flatMap((c) => c.serialNumbers)).size).toBe(2500);
  });

  it("when 30 apps go to 1,200 serials and 300 users, then 2 asset groups × 2 target rounds = 4 requests", () => {
    const chunks = planChunks(req("associate", 30, 1200, 300), LIMITS);
    expect(chunks).toHaveLength(4);
    expect(chunks.map((c) => [c.assets.length, c.serialNumbers.length, c.clientUserIds.length])).toEqual([
      [25, 1000, 300],
      [25, 200, 0],
      [5, 1000, 300],
      [5, 200, 0],
    ]);
  });

  it("when revoking 250 serials and 120 users, then max(⌈250/100⌉, ⌈120/100⌉) = 3 requests with no assets", () => {
    const chunks = planChunks(req("revoke", 0, 250, 120), LIMITS);
    expect(chunks.map((c) => [c.assets.length, c.serialNumbers.length, c.clientUserIds.length])).toEqual([
      [0, 100, 100],
      [0, 100, 20],
      [0, 50, 0],
    ]);
  });

  it("when the limits change, then the plan follows them", () => {
    expect(planChunks(req("associate", 1, 2500, 0), { ...LIMITS, maxSerialNumbers: 500 })).toHaveLength(5);
    expect(planChunks(req("associate", 3, 10, 0), { ...LIMITS, maxAssets: 1 })).toHaveLength(3);
  });

  it("when a limit is missing from Apple's answer, then planning refuses", () => {
    expect(() => planChunks(req("associate", 1, 1, 0), { maxAssets: 25 })).toThrow(/maxSerialNumbers/);
  });
});

describe("cleaning", () => {
  it("when targets repeat or carry spaces, then they are trimmed and de-duplicated in order", () => {
    expect(cleanTargets([" A ", "B", "A", "", "  ", "C"])).toEqual(["A", "B", "C"]);
    // A serial in lower case is the same device: one licence, not two.
    expect(cleanSerials([" c02xk ", "C02XK", "f9fz"])).toEqual(["C02XK", "F9FZ"]);
    expect(cleanTargets(["u-a", "U-A"])).toEqual(["u-a", "U-A"]);
  });
  it("when assets repeat, an omitted pricingParam meaning STDQ, then one stays", () => {
    expect(
      cleanAssets([
        { adamId: "1" },
        { adamId: "1", pricingParam: "STDQ" },
        { adamId: "1", pricingParam: "PLUS" },
      ]),
    ).toEqual([
      { adamId: "1", pricingParam: "STDQ" },
      { adamId: "1", pricingParam: "PLUS" },
    ]);
  });
});

describe("plan rules", () => {
  it("when adamIds carry spaces or repeat, then they are trimmed, de-duplicated, blanks dropped, STDQ by default", () => {
    expect(
      cleanAssets([
        { adamId: " 1 " },
        { adamId: "1", pricingParam: "STDQ" },
        { adamId: "1", pricingParam: "PLUS" },
        { adamId: "  " },
      ]),
    ).toEqual([
      { adamId: "1", pricingParam: "STDQ" },
      { adamId: "1", pricingParam: "PLUS" },
    ]);
  });

  it("when Apple's limits are missing, zero or fractional, then planning refuses and names the limit", () => {
    const req = {
      type: "associate" as const,
      assets: [{ adamId: "1", pricingParam: "STDQ" as const }],
      serialNumbers: ["S"],
      clientUserIds: [],
    };
    const base = { maxAssets: 25, maxSerialNumbers: 1000, maxClientUserIds: 1000 };
    expect(planChunks(req, base)).toHaveLength(1);
    for (const bad of [{ maxSerialNumbers: 0 }, { maxSerialNumbers: 1.5 }, { maxSerialNumbers: undefined }])
      expect(() => planChunks(req, { ...base, ...bad } as Record<string, number>)).toThrow(
        "Apple's limits do not give maxSerialNumbers",
      );
  });
});
