import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { assetsQueryOptions } from "./api/get-assets";
import { rowsOf } from "./paged";

afterEach(() => void vi.unstubAllGlobals());

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

const copyAsset = {
  adamId: "1",
  pricingParam: "STDQ",
  productType: "App",
  deviceAssignable: true,
  revocable: true,
  unlimited: false,
  totalCount: 10,
  assignedCount: 4,
  availableCount: 6,
  retiredCount: 0,
  supportedPlatforms: ["iOS"],
};

describe("reads from the copy", () => {
  it("when the copy has been read from Apple, then the assets come from it and Apple is not asked", async () => {
    const fetch = vi.fn((_url: string) =>
      Promise.resolve(
        json({ items: [copyAsset], total: 1, syncedAt: "2026-11-23T10:00:00Z", via: "import" }),
      ),
    );
    vi.stubGlobal("fetch", fetch);
    const data = await new QueryClient().fetchQuery(assetsQueryOptions("L1"));
    expect(rowsOf(data)).toMatchObject([{ adamId: "1", totalCount: 10, availableCount: 6 }]);
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual(["/api/locations/L1/assets?limit=1000"]);
  });

  it("when the first import has not finished, then Apple's pages are walked instead (no zeros for unknown)", async () => {
    const fetch = vi.fn((url: string) =>
      Promise.resolve(
        url.includes("/vpp/")
          ? json({
              assets: [{ ...copyAsset, unlimited: undefined }],
              currentPageIndex: 0,
              size: 1,
              totalPages: 1,
              versionId: "v1",
            })
          : json({ items: [], total: 0 }),
      ),
    );
    vi.stubGlobal("fetch", fetch);
    const data = await new QueryClient().fetchQuery(assetsQueryOptions("L1"));
    expect(rowsOf(data)).toHaveLength(1);
    expect(String(fetch.mock.calls[1]?.[0])).toContain("/api/locations/L1/vpp/assets?pageIndex=0");
  });
});
