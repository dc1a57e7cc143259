import type { UpstreamTarget } from "../apple/client.js";
import type { JobAsset, JobType } from "./plan.js";
import {
  holdingsOf,
  isDone,
  revocableAssets,
  targetKeys,
  type AssetKey,
  type TargetKey,
} from "./reconcile.js";
import type { Chunk, Holdings } from "./store.js";
import { chunkPairs, pairKey, rowOf, type OutcomeRow } from "./targets.js";

/** What Apple's assignments show for the pairs of a chunk that Apple's event did not account for. */
export interface Verdict {
  verified: OutcomeRow[];
  notDone: OutcomeRow[];
  /** Licences (revoke) or pairs asked for, and those found done. */
  requested: number;
  completed: number;
  /** The smallest request that covers every pair not done, or undefined when all are done. */
  rest?: { assets: JobAsset[]; serialNumbers: string[]; clientUserIds: string[] };
}

const parseAsset = (k: AssetKey): JobAsset => {
  const [adamId, pricingParam] = k.split(":") as [string, "STDQ" | "PLUS"];
  return { adamId, pricingParam };
};

function restOf(targets: TargetKey[], assets: AssetKey[] | undefined): Verdict["rest"] {
  if (targets.length === 0) return undefined;
  return {
    assets: (assets ?? []).map(parseAsset),
    serialNumbers: targets.filter((k) => k.startsWith("s:")).map((k) => k.slice(2)),
    clientUserIds: targets.filter((k) => k.startsWith("u:")).map((k) => k.slice(2)),
  };
}

/**
 * Check a chunk's pairs (all but `accounted`, which Apple's event already named) in Apple's
 * assignments. A revoke compares each target's revocable licences with those it held before the job.
 */
export async function checkChunk(
  t: UpstreamTarget,
  type: JobType,
  chunk: Chunk,
  accounted: ReadonlySet<string> = new Set(),
  before?: Holdings,
): Promise<Verdict> {
  if (type === "revoke") return checkRevoke(t, chunk, accounted, before);
  const pairs = chunkPairs(type, chunk).filter((p) => !accounted.has(pairKey(p.asset, p.target)));
  const held = await holdingsOf(t, [...new Set(pairs.map((p) => p.target))], chunk.assets);
  const v: Verdict = { verified: [], notDone: [], requested: pairs.length, completed: 0 };
  const missingTargets = new Set<TargetKey>();
  const missingAssets = new Set<AssetKey>();
  for (const p of pairs) {
    const row = { ...rowOf(p.asset, p.target), count: null };
    if (isDone(type, held.get(p.target)?.has(p.asset as AssetKey) ?? false)) {
      v.verified.push({ outcome: "verified", ...row });
      v.completed++;
    } else {
      v.notDone.push({ outcome: "not-done", ...row });
      missingTargets.add(p.target);
      missingAssets.add(p.asset as AssetKey);
    }
  }
  const rest = restOf([...missingTargets], [...missingAssets]);
  return rest ? { ...v, rest } : v;
}

async function checkRevoke(
  t: UpstreamTarget,
  chunk: Chunk,
  accounted: ReadonlySet<string>,
  before: Holdings | undefined,
): Promise<Verdict> {
  const targets = targetKeys(chunk).filter((k) => !accounted.has(pairKey(null, k)));
  const assets = before
    ? [...new Set(Object.values(before).flat())].map(parseAsset)
    : await revocableAssets(t);
  const now = await holdingsOf(t, targets, assets);
  const v: Verdict = { verified: [], notDone: [], requested: 0, completed: 0 };
  const missing: TargetKey[] = [];
  for (const k of targets) {
    const had = new Set(before?.[k] ?? now.get(k));
    const left = [...(now.get(k) ?? [])].filter((a) => had.has(a));
    const taken = had.size - left.length;
    v.requested += had.size;
    v.completed += taken;
    if (left.length === 0) v.verified.push({ outcome: "verified", ...rowOf(null, k), count: taken });
    else {
      v.notDone.push({ outcome: "not-done", ...rowOf(null, k), count: left.length });
      missing.push(k);
    }
  }
  const rest = restOf(missing, undefined);
  return rest ? { ...v, rest } : v;
}

/** Revoke: what each target of each chunk holds that a revoke can take back, before anything is sent. */
export async function revokeSnapshot(t: UpstreamTarget, chunks: Chunk[]): Promise<Map<number, Holdings>> {
  const assets = await revocableAssets(t);
  const all = chunks.flatMap((c) => targetKeys(c));
  const held = await holdingsOf(t, all, assets);
  return new Map(
    chunks.map((c) => [c.seq, Object.fromEntries(targetKeys(c).map((k) => [k, [...(held.get(k) ?? [])]]))]),
  );
}
