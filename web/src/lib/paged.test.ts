import { afterEach, describe, expect, it, vi } from "vitest";
import { addChunk, emptyPaged, isComplete, MAX_PAGES_IN_FLIGHT, rowsOf, walkPages } from "./paged";

interface Body {
  items: number[];
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
  versionId: string;
}

afterEach(() => vi.unstubAllGlobals());

/** A fake proxy that answers pages of 2 items and counts how many requests overlap. */
function fakeProxy(totalPages: number, opts: { growAt?: number; versionAt?: number } = {}) {
  let inFlight = 0;
  let peak = 0;
  let pages = totalPages;
  const fetch = vi.fn(async (url: string) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    const i = Number(new URL(url, "http://x").searchParams.get("pageIndex"));
    if (opts.growAt !== undefined && i === opts.growAt) pages = totalPages + 2;
    const body: Body = {
      items: [i * 2, i * 2 + 1],
      currentPageIndex: i,
      ...(i + 1 < pages ? { nextPageIndex: i + 1 } : {}),
      size: 2,
      totalPages: pages,
      versionId: opts.versionAt !== undefined && i >= opts.versionAt ? "v2" : "v1",
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, peak: () => peak };
}

async function collect(totalPages: number, opts = {}) {
  const proxy = fakeProxy(totalPages, opts);
  let acc = emptyPaged<number>();
  for await (const chunk of walkPages<Body, number>(
    (i) => `/p?pageIndex=${i}`,
    (b) => b.items,
  ))
    acc = addChunk(acc, chunk);
  return { acc, proxy };
}

describe("walkPages", () => {
  it("when there are 23 pages, then all rows arrive in order with at most 5 requests in flight", async () => {
    const { acc, proxy } = await collect(23);
    expect(rowsOf(acc)).toEqual(Array.from({ length: 46 }, (_, i) => i));
    expect(acc.loadedPages).toBe(23);
    expect(proxy.fetch).toHaveBeenCalledTimes(23);
    expect(proxy.peak()).toBeLessThanOrEqual(MAX_PAGES_IN_FLIGHT);
    expect(proxy.peak()).toBeGreaterThan(1);
  });

  it("when the data grows while it is read, then the walk follows the new last page", async () => {
    const { acc } = await collect(8, { growAt: 3 });
    expect(acc.loadedPages).toBe(10);
  });

  it("when the versionId changes during the walk, then both versions are reported", async () => {
    const { acc } = await collect(6, { versionAt: 4 });
    expect(acc.versionIds).toEqual(["v1", "v2"]);
  });

  it("when there is a single page, then exactly one request is made", async () => {
    const { proxy } = await collect(1);
    expect(proxy.fetch).toHaveBeenCalledTimes(1);
  });
});

describe("isComplete", () => {
  it("when only some pages are in, then totals are not yet known; when all are (or the list is empty), they are", () => {
    const first = addChunk(emptyPaged<number>(), { pageIndex: 0, totalPages: 3, versionId: "v", items: [1] });
    expect(isComplete(undefined)).toBe(false);
    expect(isComplete(emptyPaged<number>())).toBe(false);
    expect(isComplete(first)).toBe(false);
    const all = [1, 2].reduce(
      (acc, i) => addChunk(acc, { pageIndex: i, totalPages: 3, versionId: "v", items: [i] }),
      first,
    );
    expect(isComplete(all)).toBe(true);
    // Apple's empty list: totalPages 0, one answer.
    expect(
      isComplete(addChunk(emptyPaged<number>(), { pageIndex: 0, totalPages: 0, versionId: "v", items: [] })),
    ).toBe(true);
  });
});
