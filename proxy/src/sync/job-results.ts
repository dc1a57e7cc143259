import type { JobSnapshot } from "../api-types.js";
import { resultRows } from "../jobs/results.js";
import type { Db } from "../store/db.js";
import type { CopyPair, CopyStore, Kind } from "./copy-store.js";

const CONFIRMED = new Set(["done", "verified"]);

/**
 * What Apple confirmed of a finished job (its event, or its assignments) goes into the copy;
 * anything unconfirmed is left for the next read to settle. True when something was applied.
 */
export function applyJobResults(db: Db, copy: CopyStore, loc: number, s: JobSnapshot): boolean {
  const pairs: CopyPair[] = [];
  const revoked: { kind: Kind; target: string }[] = [];
  for (const [adamId, pricingParam, serialNumber, clientUserId, result] of resultRows(s)) {
    if (!CONFIRMED.has(String(result))) continue;
    const kind: Kind = serialNumber ? "device" : "user";
    const target = String(serialNumber || clientUserId);
    if (s.type === "revoke") revoked.push({ kind, target });
    else pairs.push({ adamId: String(adamId), pricingParam: String(pricingParam || "STDQ"), kind, target });
  }
  if (pairs.length === 0 && revoked.length === 0) return false;
  if (s.type === "associate") copy.applyPairs(loc, pairs, [], "job");
  else if (s.type === "disassociate") copy.applyPairs(loc, [], pairs, "job");
  else copy.revokeTargets(loc, revoked, "job");
  db.prepare("UPDATE sync_locations SET synced_at = ?, via = 'job' WHERE id = ?").run(Date.now(), loc);
  return true;
}
