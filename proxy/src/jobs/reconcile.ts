import type { UpstreamTarget } from "../apple/client.js";
import { allAssets, walkApplePages, type WalkResult } from "../apple/pages.js";
import type { GetAssignmentsResponse } from "../apple/types.js";
import { assetKey } from "../contract/index.js";
import type { JobAsset, JobType } from "./plan.js";

/** "s:SERIAL" or "u:clientUserId". */
export type TargetKey = string;
/** "adamId:STDQ". */
export type AssetKey = string;

export const serialKey = (s: string): TargetKey => `s:${s}`;
export const userKey = (u: string): TargetKey => `u:${u}`;

export interface ChunkTargets {
  assets: JobAsset[];
  serialNumbers: string[];
  clientUserIds: string[];
}

export const targetKeys = (c: ChunkTargets): TargetKey[] => [
  ...c.serialNumbers.map(serialKey),
  ...c.clientUserIds.map(userKey),
];

const MAX_PARALLEL = 5;

/** Runs `fn` over the items with at most 5 in flight (Apple's limit per location). */
export async function eachLimited<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL, items.length) }, worker));
}

async function walk(
  t: UpstreamTarget,
  query: Record<string, string>,
  visit: (page: GetAssignmentsResponse) => void,
): Promise<void> {
  const result: WalkResult = { versionIds: new Set(), truncated: false };
  for await (const page of walkApplePages<GetAssignmentsResponse>(t, "assignments", query, result))
    visit(page);
}

/**
 * What these targets hold now among these assets, read from Apple's assignments the cheaper way:
 * one walk per target (usually one page each), or one walk per asset when those pages are fewer.
 */
export async function holdingsOf(
  t: UpstreamTarget,
  targets: TargetKey[],
  assets: JobAsset[],
): Promise<Map<TargetKey, Set<AssetKey>>> {
  const wanted = new Set(assets.map(assetKey));
  const out = new Map<TargetKey, Set<AssetKey>>(targets.map((k) => [k, new Set()]));
  if (targets.length === 0 || assets.length === 0) return out;
  const add = (page: GetAssignmentsResponse) => {
    for (const a of page.assignments) {
      const key = a.serialNumber !== undefined ? serialKey(a.serialNumber) : userKey(a.clientUserId ?? "");
      const held = out.get(key);
      const ak = assetKey(a);
      if (held && wanted.has(ak)) held.add(ak);
    }
  };
  if (assets.length < targets.length) {
    // Each asset's first page says (totalPages) what walking it would cost.
    let cost = 0;
    await eachLimited(assets, async (a) => void (cost += await pageCount(t, assetQuery(a))));
    if (cost <= targets.length) {
      await eachLimited(assets, (a) => walk(t, assetQuery(a), add));
      return out;
    }
  }
  await eachLimited(targets, (key) =>
    walk(t, key.startsWith("s:") ? { serialNumber: key.slice(2) } : { clientUserId: key.slice(2) }, add),
  );
  return out;
}

const assetQuery = (a: JobAsset) => ({ adamId: a.adamId, pricingParam: a.pricingParam });

async function pageCount(t: UpstreamTarget, query: Record<string, string>): Promise<number> {
  const pages = walkApplePages<GetAssignmentsResponse>(t, "assignments", query, {
    versionIds: new Set(),
    truncated: false,
  });
  const first = (await pages.next()).value as GetAssignmentsResponse | undefined;
  await pages.return(undefined);
  return first?.nextPageIndex === undefined ? 1 : first.totalPages;
}

/** The location's revocable assets that anyone holds (what a revoke can take back). */
export async function revocableAssets(t: UpstreamTarget): Promise<JobAsset[]> {
  return (await allAssets(t))
    .filter((a) => a.revocable && a.assignedCount > 0)
    .map((a) => ({ adamId: a.adamId, pricingParam: a.pricingParam }));
}

/** For one (asset, target) pair: is the job's work visible in Apple's assignments? */
export function isDone(type: JobType, held: boolean): boolean {
  return type === "associate" ? held : !held;
}
