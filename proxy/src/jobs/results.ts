import type { JobSnapshot } from "../api-types.js";
import { assetKey } from "../contract/index.js";
import { chunkPairs, failureKey, keyOfTarget, pairKey, perTarget, rowAssetKey, rowOf } from "./targets.js";

export const RESULT_COLUMNS = [
  "adamId",
  "pricingParam",
  "serialNumber",
  "clientUserId",
  "result",
  "confirmedBy",
  "licences",
  "appleErrorNumber",
  "explanation",
] as const;

type Result = {
  result: string;
  confirmedBy: string;
  licences?: number | null;
  errorNumber?: number;
  explanation?: string;
};

const BY_EVENT = "Apple's event";
const BY_ASSIGNMENTS = "Apple's assignments";

/**
 * One row per (asset, target) of the job — per target for a revoke — saying only what Apple
 * confirmed: done or failed by its event, verified or not done in its assignments, else
 * unconfirmed (sent, outcome unknown), cancelled (never sent) or pending (still running).
 */
export function resultRows(s: JobSnapshot): (string | number)[][] {
  const results = new Map<string, Result>();
  for (const c of s.chunks) {
    const byChunk: Result =
      c.state === "complete" || (c.state === "failed" && c.confirmation === "apple")
        ? { result: "done", confirmedBy: BY_EVENT }
        : c.state === "cancelled"
          ? { result: "cancelled", confirmedBy: "" }
          : c.state === "unconfirmed" || c.state === "failed"
            ? { result: "unconfirmed", confirmedBy: "" }
            : { result: "pending", confirmedBy: "" };
    const confirmedByEvent = c.confirmation !== "reconciled" || byChunk.result !== "done";
    for (const p of chunkPairs(s.type, c))
      results.set(
        pairKey(p.asset, p.target),
        confirmedByEvent ? byChunk : { result: "unconfirmed", confirmedBy: "" },
      );
  }
  for (const o of s.outcomes) {
    const key = pairKey(rowAssetKey(o), keyOfTarget(o));
    const result =
      o.outcome === "verified" ? "verified" : o.outcome === "not-done" ? "not done" : "unconfirmed";
    results.set(key, {
      result,
      confirmedBy: o.outcome === "unconfirmed" ? "" : BY_ASSIGNMENTS,
      licences: o.count,
    });
  }
  for (const f of s.failures)
    results.set(failureKey(f), {
      result: "failed",
      confirmedBy: BY_EVENT,
      errorNumber: f.errorNumber,
      explanation: f.explanation,
    });
  const targets = [
    ...s.request.serialNumbers.map((x) => `s:${x}`),
    ...s.request.clientUserIds.map((x) => `u:${x}`),
  ];
  const assets = perTarget(s.type) ? [null] : s.request.assets.map(assetKey);
  return assets.flatMap((asset) =>
    targets.map((target) => {
      const r = results.get(pairKey(asset, target)) ?? { result: "unconfirmed", confirmedBy: "" };
      const row = rowOf(asset, target);
      return [
        row.adamId ?? "",
        row.pricingParam ?? "",
        row.serialNumber ?? "",
        row.clientUserId ?? "",
        r.result,
        r.confirmedBy,
        r.licences ?? "",
        r.errorNumber ?? "",
        r.explanation ?? "",
      ];
    }),
  );
}
