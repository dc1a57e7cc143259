import { describe, expect, it } from "vitest";
import { filterHolders } from "./holders";

const rows = [
  { adamId: "1", pricingParam: "STDQ" as const, serialNumber: "DMPXK2ABCDE1" },
  { adamId: "1", pricingParam: "STDQ" as const, serialNumber: "F9FZZ0000001" },
  {
    adamId: "1",
    pricingParam: "STDQ" as const,
    clientUserId: "a1b2-user",
    userStatus: "Associated" as const,
  },
];

describe("filterHolders", () => {
  it("when a kind is chosen, then only devices or users remain", () => {
    expect(filterHolders(rows, "device", "")).toHaveLength(2);
    expect(filterHolders(rows, "user", "")).toHaveLength(1);
  });
  it("when searching, then serials and clientUserIds match case-insensitively", () => {
    expect(filterHolders(rows, "all", "dmpx")).toEqual([rows[0]]);
    expect(filterHolders(rows, "all", "B2-US")).toEqual([rows[2]]);
    expect(filterHolders(rows, "all", "nothing")).toEqual([]);
  });
});
