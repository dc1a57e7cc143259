import { describe, expect, it } from "vitest";
import { toAssetRow } from "../../../lib/asset-row";
import { summarise } from "./summary";

const a = (adamId: string, total: number, assigned: number, productType: "App" | "Book" = "App") =>
  toAssetRow(
    {
      adamId,
      assignedCount: assigned,
      availableCount: total - assigned,
      deviceAssignable: productType === "App",
      pricingParam: "STDQ",
      productType,
      retiredCount: 0,
      revocable: productType === "App",
      supportedPlatforms: ["iOS"],
      totalCount: total,
    },
    undefined,
  );

describe("summarise", () => {
  it("when pools are limited and unlimited, then totals count only limited pools", () => {
    const s = summarise([a("1", 100, 40), a("2", 2147483647, 500), a("3", 10, 9, "Book")]);
    expect(s).toMatchObject({
      limitedOwned: 110,
      limitedAssigned: 49,
      limitedAvailable: 61,
      unlimitedAssigned: 500,
      apps: 2,
      books: 1,
    });
  });
  it("when availability is under the threshold, then the asset is running out, scarcest first", () => {
    const s = summarise([a("1", 100, 95), a("2", 100, 99), a("3", 100, 10)], 10);
    expect(s.runningOut.map((x) => x.adamId)).toEqual(["2", "1"]);
  });
  it("when there are more than 15 limited pools, then the top 15 by assigned are charted", () => {
    const rows = Array.from({ length: 20 }, (_, i) => a(String(i), 1000, i * 10));
    expect(summarise(rows).top.map((x) => x.adamId)).toEqual(
      Array.from({ length: 15 }, (_, i) => String(19 - i)),
    );
  });
});
