import type { JobAsset, JobRequest, JobType } from "../api-types.js";
import type { Limits, PricingParam } from "../apple/types.js";
import { isUserJob } from "../contract/index.js";

export type { JobAsset, JobRequest, JobType };

export interface PlannedChunk {
  seq: number;
  assets: JobAsset[];
  serialNumbers: string[];
  clientUserIds: string[];
}

/** Trim, drop blanks and duplicates (keeping first occurrence order). */
export function cleanTargets(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter((s) => s !== ""))];
}

/** Serial numbers trimmed, upper-cased (as Apple writes them) and de-duplicated: one device, one licence. */
export function cleanSerials(list: readonly string[]): string[] {
  return cleanTargets(list.map((s) => s.toUpperCase()));
}

export function cleanAssets(
  list: readonly { adamId: string; pricingParam?: PricingParam | undefined }[],
): JobAsset[] {
  const seen = new Set<string>();
  const out: JobAsset[] = [];
  for (const a of list) {
    const asset = { adamId: a.adamId.trim(), pricingParam: a.pricingParam ?? "STDQ" };
    const key = `${asset.adamId}:${asset.pricingParam}`;
    if (asset.adamId === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(asset);
  }
  return out;
}

const split = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

function limit(limits: Limits, name: string): number {
  const v = limits[name];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new Error(`Apple's limits do not give ${name}`);
  return v;
}

/**
 * The fewest requests Apple's current limits allow. One request may carry serials and users
 * together, each within its own limit, so the count is
 * ⌈assets / maxAssets⌉ × max(⌈serials / maxSerialNumbers⌉, ⌈users / maxClientUserIds⌉)
 * (revoke: max(⌈serials / maxRevokeSerialNumbers⌉, ⌈users / maxRevokeClientUserIds⌉), no assets).
 */
export function planChunks(req: JobRequest, limits: Limits): PlannedChunk[] {
  if (isUserJob(req.type)) {
    // People: ⌈users / maxUsers⌉ requests.
    return split(req.clientUserIds, limit(limits, "maxUsers")).map((clientUserIds, seq) => ({
      seq,
      assets: [],
      serialNumbers: [],
      clientUserIds,
    }));
  }
  const revoke = req.type === "revoke";
  const serialChunks = split(
    req.serialNumbers,
    limit(limits, revoke ? "maxRevokeSerialNumbers" : "maxSerialNumbers"),
  );
  const userChunks = split(
    req.clientUserIds,
    limit(limits, revoke ? "maxRevokeClientUserIds" : "maxClientUserIds"),
  );
  const targetRounds = Math.max(serialChunks.length, userChunks.length);
  const assetGroups = revoke ? [[]] : split(req.assets, limit(limits, "maxAssets"));
  const chunks: PlannedChunk[] = [];
  for (const assets of assetGroups) {
    for (let i = 0; i < targetRounds; i++) {
      chunks.push({
        seq: chunks.length,
        assets,
        serialNumbers: serialChunks[i] ?? [],
        clientUserIds: userChunks[i] ?? [],
      });
    }
  }
  return chunks;
}

export const minimumRequests = (req: JobRequest, limits: Limits): number => planChunks(req, limits).length;
