import type { ErrorResponse } from "../apple/types.js";
import type { JobType } from "./plan.js";
import type { Chunk, Failure, Outcome } from "./store.js";
import { assetKey, isUserJob } from "../contract/index.js";
import { serialKey, userKey, type AssetKey, type TargetKey } from "./reconcile.js";

export type FailureRow = Omit<Failure, "seq">;
export type OutcomeRow = Omit<Outcome, "seq">;

type Target = { serialNumber: string | null; clientUserId: string | null };

export const chunkTargets = (c: Pick<Chunk, "serialNumbers" | "clientUserIds">): Target[] => [
  ...c.serialNumbers.map((s) => ({ serialNumber: s, clientUserId: null })),
  ...c.clientUserIds.map((u) => ({ serialNumber: null, clientUserId: u })),
];

export const keyOfTarget = (t: Target): TargetKey =>
  t.serialNumber !== null ? serialKey(t.serialNumber) : userKey(t.clientUserId ?? "");

const targetOfKey = (k: TargetKey): Target =>
  k.startsWith("s:")
    ? { serialNumber: k.slice(2), clientUserId: null }
    : { serialNumber: null, clientUserId: k.slice(2) };

/** A revoke's and a people job's rows name no asset: one per target. */
export const perTarget = (type: JobType): boolean => type === "revoke" || isUserJob(type);

/** The (asset, target) pairs a chunk asks for; a revoke's (and a people job's) pairs have no asset. */
export function chunkPairs(type: JobType, c: Chunk): { asset: AssetKey | null; target: TargetKey }[] {
  const targets = chunkTargets(c).map(keyOfTarget);
  if (perTarget(type)) return targets.map((target) => ({ asset: null, target }));
  return c.assets.flatMap((a) => targets.map((target) => ({ asset: assetKey(a), target })));
}

export const pairKey = (asset: AssetKey | null, target: TargetKey) => `${asset ?? ""}|${target}`;

/** A failure or outcome row's asset key; null for a revoke's rows (they name no asset). */
export const rowAssetKey = (r: { adamId: string | null; pricingParam: string | null }): AssetKey | null =>
  r.adamId === null ? null : assetKey({ adamId: r.adamId, pricingParam: r.pricingParam });

export const failureKey = (f: FailureRow) => pairKey(rowAssetKey(f), keyOfTarget(f));

/** One row per (asset, target) that Apple's failures name; a failure without assets covers the chunk's. */
export function expandFailures(type: JobType, chunk: Chunk, failures: ErrorResponse[]): FailureRow[] {
  const rows: FailureRow[] = [];
  for (const f of failures) {
    const info = f.errorInfo ?? {};
    const assets = perTarget(type) ? [undefined] : info.assets?.length ? info.assets : chunk.assets;
    const targets: Target[] = [
      ...(info.serialNumbers ?? []).map((s) => ({ serialNumber: s, clientUserId: null })),
      ...(info.clientUserIds ?? []).map((c) => ({ serialNumber: null, clientUserId: c })),
    ];
    for (const a of assets)
      for (const t of targets.length ? targets : [{ serialNumber: null, clientUserId: null }])
        rows.push({
          errorNumber: f.errorNumber,
          errorMessage: f.errorMessage,
          adamId: a?.adamId ?? null,
          pricingParam: a ? (a.pricingParam ?? "STDQ") : null,
          ...t,
        });
  }
  return rows;
}

/** The same refusal for every pair of a chunk (Apple refused the whole request). */
export function everyPair(
  type: JobType,
  chunk: Chunk,
  errorNumber: number,
  errorMessage: string,
): FailureRow[] {
  return chunkPairs(type, chunk).map((p) => ({ errorNumber, errorMessage, ...rowOf(p.asset, p.target) }));
}

/** A pair as the columns of a failure or outcome row. */
export function rowOf(
  asset: AssetKey | null,
  target: TargetKey,
): Pick<Outcome, "adamId" | "pricingParam" | "serialNumber" | "clientUserId"> {
  const [adamId, pricingParam] = asset ? (asset.split(":") as [string, string]) : [null, null];
  return { adamId, pricingParam, ...targetOfKey(target) };
}
