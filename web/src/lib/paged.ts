import { experimental_streamedQuery as streamedQuery } from "@tanstack/react-query";
import type { Page } from "./apple";
import { ApiError, apiFetch } from "./api-client";

/** At most this many page requests in flight (Apple: no more than 5 in parallel). */
export const MAX_PAGES_IN_FLIGHT = 5;

export interface PageChunk<T> {
  pageIndex: number;
  totalPages: number;
  versionId: string;
  items: T[];
}

export interface PagedData<T> {
  pages: Record<number, T[]>;
  totalPages: number;
  loadedPages: number;
  /** Distinct versionIds seen; more than one means Apple's data changed while it was read. */
  versionIds: string[];
}

export const emptyPaged = <T>(): PagedData<T> => ({
  pages: {},
  totalPages: 0,
  loadedPages: 0,
  versionIds: [],
});

export function addChunk<T>(acc: PagedData<T>, chunk: PageChunk<T>): PagedData<T> {
  return {
    pages: { ...acc.pages, [chunk.pageIndex]: chunk.items },
    totalPages: Math.max(chunk.totalPages, acc.totalPages),
    loadedPages: acc.loadedPages + (chunk.pageIndex in acc.pages ? 0 : 1),
    versionIds: acc.versionIds.includes(chunk.versionId)
      ? acc.versionIds
      : [...acc.versionIds, chunk.versionId],
  };
}

/** Every page is in: totals over the rows are the whole truth, not a part of it. */
export function isComplete<T>(data: PagedData<T> | undefined): boolean {
  return !!data && data.loadedPages > 0 && data.loadedPages >= data.totalPages;
}

/** All rows in page order. */
export function rowsOf<T>(data: PagedData<T> | undefined): T[] {
  if (!data) return [];
  const out: T[] = [];
  const indexes = Object.keys(data.pages)
    .map(Number)
    .sort((a, b) => a - b);
  for (const i of indexes) for (const item of data.pages[i] as T[]) out.push(item);
  return out;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

async function fetchPage<B>(url: string, signal?: AbortSignal): Promise<B> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await apiFetch<B>(url, signal ? { signal } : {});
    } catch (err) {
      // A hold from Apple is waited out here so one page does not fail the whole walk.
      if (err instanceof ApiError && err.code === "APPLE_HOLD" && attempt < 5) {
        await sleep((err.retryAfterSeconds ?? 1) * 1000, signal);
        continue;
      }
      throw err;
    }
  }
}

/**
 * Walk every page of a paginated Apple endpoint through the proxy: page 0 first, then the rest
 * with at most MAX_PAGES_IN_FLIGHT requests at once, yielding pages as they arrive. If the data
 * grows while it is read, the walk follows the new totalPages; a page that vanished ends it.
 */
export async function* walkPages<B extends Page, T>(
  urlFor: (pageIndex: number) => string,
  pick: (body: B) => T[],
  signal?: AbortSignal,
): AsyncGenerator<PageChunk<T>> {
  const first = await fetchPage<B>(urlFor(0), signal);
  yield { pageIndex: 0, totalPages: first.totalPages, versionId: first.versionId, items: pick(first) };
  let total = first.nextPageIndex === undefined ? 1 : first.totalPages;
  let next = 1;
  const inFlight = new Map<number, Promise<{ i: number; body?: B }>>();
  const start = (i: number) => {
    inFlight.set(
      i,
      fetchPage<B>(urlFor(i), signal).then(
        (body) => ({ i, body }),
        (err: unknown) => {
          if (err instanceof ApiError && err.appleErrorNumber === 9650) return { i };
          throw err;
        },
      ),
    );
  };
  while (next < total || inFlight.size > 0) {
    while (next < total && inFlight.size < MAX_PAGES_IN_FLIGHT) start(next++);
    const { i, body } = await Promise.race(inFlight.values());
    inFlight.delete(i);
    if (!body) {
      total = Math.min(total, i);
      continue;
    }
    if (body.nextPageIndex !== undefined && body.totalPages > total) total = body.totalPages;
    yield { pageIndex: i, totalPages: body.totalPages, versionId: body.versionId, items: pick(body) };
  }
}

/** A query function that streams every page into the cache as PagedData (first rows show early). */
export function pagedQueryFn<B extends Page, T>(
  urlFor: (pageIndex: number) => string,
  pick: (body: B) => T[],
) {
  return streamedQuery<PageChunk<T>, PagedData<T>>({
    streamFn: ({ signal }) => walkPages<B, T>(urlFor, pick, signal),
    reducer: addChunk,
    initialValue: emptyPaged<T>(),
  });
}

/** `/api/locations/:id/<path>?<params>` — a location's API (empty parameters left out). */
export const locationUrl = (
  locationId: string,
  path: string,
  params: Record<string, string | number | undefined> = {},
) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  return `/api/locations/${encodeURIComponent(locationId)}/${path}${q.size ? `?${q}` : ""}`;
};

/** `/api/locations/:id/vpp/<path>?<params>` — forwarded to Apple. */
export const vppUrl = (
  locationId: string,
  path: string,
  params: Record<string, string | number | undefined> = {},
) => locationUrl(locationId, `vpp/${path}`, params);
