import { AppleApiError, appleRequest, GateClosedError, isThrottle, type UpstreamTarget } from "./client.js";
import type { GetAssetsResponse, Page, ResponseAsset } from "./types.js";

export const MAX_PAGES_IN_FLIGHT = 5;

export interface WalkResult {
  /** Every versionId seen; more than one means Apple's data changed during the walk. */
  versionIds: Set<string>;
  /** A page vanished (9650) because the data shrank while it was read. */
  truncated: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One page; holds and throttles are waited out (8 tries), undefined when the page vanished (9650). */
export async function fetchPage<B>(
  target: UpstreamTarget,
  path: string,
  query: Record<string, string>,
  pageIndex: number,
): Promise<B | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await appleRequest<B>(target, "GET", path, { query: { ...query, pageIndex } });
    } catch (err) {
      if (err instanceof AppleApiError && err.error.errorNumber === 9650) return undefined;
      const wait =
        err instanceof GateClosedError
          ? err.retryAfterSeconds
          : err instanceof AppleApiError && isThrottle(err.httpStatus, err.error.errorNumber)
            ? (err.retryAfterSeconds ?? 1)
            : undefined;
      if (wait === undefined || attempt >= 8) throw err;
      await sleep(wait * 1000);
    }
  }
}

/**
 * Every page of a paginated Apple endpoint, in order, with at most 5 requests in flight (and never
 * more than 5 pages held). Holds are waited out; the result says whether the data moved meanwhile.
 */
export async function* walkApplePages<B extends Page>(
  target: UpstreamTarget,
  path: string,
  query: Record<string, string>,
  result: WalkResult,
): AsyncGenerator<B> {
  const first = await fetchPage<B>(target, path, query, 0);
  if (!first) return;
  result.versionIds.add(first.versionId);
  yield first;
  let total = first.nextPageIndex === undefined ? 1 : first.totalPages;
  const inFlight = new Map<number, Promise<B | undefined>>();
  let started = 1;
  for (let next = 1; next < total; next++) {
    while (started < total && started < next + MAX_PAGES_IN_FLIGHT) {
      const i = started++;
      const p = fetchPage<B>(target, path, query, i);
      p.catch(() => undefined); // awaited below, in order
      inFlight.set(i, p);
    }
    const page = await (inFlight.get(next) as Promise<B | undefined>);
    inFlight.delete(next);
    if (!page) {
      result.truncated = true;
      break;
    }
    result.versionIds.add(page.versionId);
    if (page.nextPageIndex !== undefined && page.totalPages > total) total = page.totalPages;
    yield page;
  }
}

/** Every asset of the location (all pages, through the same walker and its hold handling). */
export async function allAssets(target: UpstreamTarget): Promise<ResponseAsset[]> {
  const result: WalkResult = { versionIds: new Set(), truncated: false };
  const out: ResponseAsset[] = [];
  for await (const page of walkApplePages<GetAssetsResponse>(target, "assets", {}, result))
    out.push(...page.assets);
  return out;
}
