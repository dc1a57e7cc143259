import { describe, expect, it } from "vitest";
import { toAssetRow } from "../../../lib/asset-row";
import { filterAssets, parseAssetSearch, sortingFromParam, sortingToParam } from "./filter";

const asset = (over: Partial<Parameters<typeof toAssetRow>[0]> & { name?: string }) => {
  const { name, ...a } = over;
  return toAssetRow(
    {
      adamId: "1",
      assignedCount: 10,
      availableCount: 90,
      deviceAssignable: true,
      pricingParam: "STDQ",
      productType: "App",
      retiredCount: 0,
      revocable: true,
      supportedPlatforms: ["iOS"],
      totalCount: 100,
      ...a,
    },
    name ? { name, kind: "iosSoftware", customApp: false } : undefined,
  );
};

const rows = [
  asset({ adamId: "361285480", name: "Keynote", totalCount: 2147483647, availableCount: 2147483000 }),
  asset({ adamId: "425073498", name: "Procreate", availableCount: 3, assignedCount: 97 }),
  asset({ adamId: "425073498", pricingParam: "PLUS", name: "Procreate" }),
  asset({
    adamId: "1089372640",
    name: "Le Petit Prince (édition française)",
    productType: "Book",
    supportedPlatforms: ["iOS", "macOS"],
    deviceAssignable: false,
    revocable: false,
  }),
  asset({ adamId: "1637721405" }),
];
const names = (s: string) =>
  filterAssets(rows, parseAssetSearch(new URLSearchParams(s))).map((a) => `${a.name}/${a.pricingParam}`);

describe("filterAssets", () => {
  it("when nothing is set, then every asset is shown", () => {
    expect(names("")).toHaveLength(5);
  });
  it("when searching by name, then case and accents are ignored", () => {
    expect(names("q=EDITION")).toEqual(["Le Petit Prince (édition française)/STDQ"]);
    expect(names("q=procreate")).toEqual(["Procreate/STDQ", "Procreate/PLUS"]);
  });
  it("when searching by adamId, then the asset is found even without metadata", () => {
    expect(names("q=16377")).toEqual(["App 1637721405/STDQ"]);
  });
  it("when filtering type, platform and pricing, then all must match", () => {
    expect(names("type=Book")).toEqual(["Le Petit Prince (édition française)/STDQ"]);
    expect(names("platform=macOS")).toEqual(["Le Petit Prince (édition française)/STDQ"]);
    expect(names("pricing=PLUS")).toEqual(["Procreate/PLUS"]);
  });
  it("when showing running out below a threshold, then only limited pools under it remain", () => {
    expect(names("show=running-out&below=10")).toEqual(["Procreate/STDQ"]);
    expect(names("show=running-out&below=100")).toHaveLength(4);
    expect(names("show=unlimited")).toEqual(["Keynote/STDQ"]);
  });
  it("when the URL holds nonsense, then defaults are used instead of failing", () => {
    const s = parseAssetSearch(new URLSearchParams("type=Movie&show=everything&below=-5&sort=drop table"));
    expect(s).toMatchObject({ type: undefined, show: "all", below: 10, sort: "name" });
  });
});

describe("sorting params", () => {
  it("when a sort is written to the URL and read back, then it round-trips", () => {
    expect(sortingFromParam("-availableCount")).toEqual([{ id: "availableCount", desc: true }]);
    expect(sortingToParam([{ id: "name", desc: false }])).toBe("name");
    expect(sortingToParam([])).toBeUndefined();
  });
});
