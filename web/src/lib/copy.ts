import { experimental_streamedQuery as streamedQuery } from "@tanstack/react-query";
import type { CopyList } from "@vpp/proxy/contract";
import type { Page } from "./apple";
import { apiFetch } from "./api-client";
import { addChunk, emptyPaged, walkPages, type PageChunk, type PagedData } from "./paged";

/** Rows per request to the console's copy. */
export const COPY_PAGE = 1000;

const withParams = (url: string, params: Record<string, string | undefined>) => {
  const [path, query = ""] = url.split("?") as [string, string?];
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${path}?${q}`;
};

/** The copy's pages, one cursor after another, as the same chunks a walk of Apple's pages gives. */
async function* walkCopy<C, T>(
  first: CopyList<C>,
  url: string,
  map: (c: C) => T,
  signal?: AbortSignal,
): AsyncGenerator<PageChunk<T>> {
  const totalPages = Math.max(1, Math.ceil(first.total / COPY_PAGE));
  let body = first;
  for (let pageIndex = 0; ; pageIndex++) {
    yield { pageIndex, totalPages, versionId: "copy", items: body.items.map(map) };
    if (!body.nextCursor) return;
    body = await apiFetch<CopyList<C>>(
      withParams(url, { cursor: body.nextCursor }),
      signal ? { signal } : {},
    );
  }
}

/**
 * Reads stand on the console's copy of the location (no request to Apple); until its first import
 * has finished, Apple's pages are walked instead. A refetch keeps the rows on screen until the new
 * ones are in.
 */
export function copyOrLiveQueryFn<C, T, B extends Page>(opts: {
  copyUrl: string;
  map: (c: C) => T;
  liveUrlFor: (pageIndex: number) => string;
  pickLive: (body: B) => T[];
}) {
  return streamedQuery<PageChunk<T>, PagedData<T>>({
    streamFn: async function* ({ signal }) {
      const url = withParams(opts.copyUrl, { limit: String(COPY_PAGE) });
      const first = await apiFetch<CopyList<C>>(url, { signal });
      if (first.syncedAt === undefined) yield* walkPages<B, T>(opts.liveUrlFor, opts.pickLive, signal);
      else yield* walkCopy(first, url, opts.map, signal);
    },
    reducer: addChunk,
    initialValue: emptyPaged<T>(),
    refetchMode: "replace",
  });
}
