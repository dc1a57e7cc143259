import { describe, expect, it } from "vitest";
import { resolveSearch, searchOptions } from "./resolve-search";

const assets = [
  { adamId: "361285480", pricingParam: "STDQ", name: "Keynote" },
  { adamId: "425073498", pricingParam: "STDQ", name: "Procreate" },
  { adamId: "425073498", pricingParam: "PLUS", name: "Procreate" },
];

describe("global search", () => {
  it("when an adamId is typed, then it goes to that asset", () => {
    expect(resolveSearch("L", "361285480", assets)).toBe("/l/L/assets/361285480/STDQ");
  });
  it("when a name is typed, then the asset matches regardless of case", () => {
    expect(resolveSearch("L", "keyn", assets)).toBe("/l/L/assets/361285480/STDQ");
    expect(searchOptions("L", "procreate", assets).filter((o) => o.value.startsWith("asset:"))).toHaveLength(
      2,
    );
  });
  it("when a serial number is typed, then it goes to the device", () => {
    expect(resolveSearch("L", "dmpxk2abcde1", assets)).toBe("/l/L/devices/DMPXK2ABCDE1");
  });
  it("when a clientUserId is typed, then the user is offered too", () => {
    const opts = searchOptions("L", "3f2a9c1e-7d4b-4e0a-9b1c-0f5e8d7a6b4c", assets);
    expect(opts.map((o) => o.to)).toContain("/l/L/users/3f2a9c1e-7d4b-4e0a-9b1c-0f5e8d7a6b4c");
  });
  it("when nothing is typed, then nothing is offered", () => {
    expect(searchOptions("L", "  ", assets)).toEqual([]);
    expect(resolveSearch("L", "", assets)).toBeUndefined();
  });
});
