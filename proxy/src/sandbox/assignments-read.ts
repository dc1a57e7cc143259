import type { Request } from "express";
import type { Assignment, GetAssignmentsResponse } from "../apple/types.js";
import { TargetKind } from "./assignment-store.js";
import { AppleHttpError, pageWindow, parseBool, parseEnum, parseString } from "./http.js";
import type { AssetRecord, SandboxLocation } from "./location.js";
import type { SandboxState } from "./state.js";

/** Get Assignments (apple-v2-api.md §4.2): filters, sinceVersionId deltas, user state, one page. */
export function readAssignments(
  state: SandboxState,
  loc: SandboxLocation,
  q: Request["query"],
): Omit<GetAssignmentsResponse, "uId" | "tokenExpirationDate" | "mdmInfo"> {
  const f = {
    adamId: parseString(q.adamId, "adamId"),
    pricingParam: parseEnum(q.pricingParam, ["STDQ", "PLUS"] as const, "pricingParam"),
    clientUserId: parseString(q.clientUserId, "clientUserId"),
    serialNumber: parseString(q.serialNumber, "serialNumber"),
    excludeInactiveUsers: parseBool(q.excludeInactiveUsers, "excludeInactiveUsers") ?? false,
    includeUserState: parseBool(q.includeUserState, "includeUserState") ?? false,
    sinceVersionId: parseString(q.sinceVersionId, "sinceVersionId"),
  };
  let sinceSeq = -1;
  if (f.sinceVersionId !== undefined) {
    const seq = loc.versions.assignments.seqOf(f.sinceVersionId);
    if (seq === undefined) throw new AppleHttpError(9721);
    sinceSeq = seq;
  }
  const assetOk = new Uint8Array(loc.assets.length);
  loc.assets.forEach((a, i) => {
    assetOk[i] =
      (f.adamId === undefined || a.adamId === f.adamId) &&
      (f.pricingParam === undefined || a.pricingParam === f.pricingParam)
        ? 1
        : 0;
  });
  const wantTarget =
    f.clientUserId !== undefined
      ? (loc.targets.find(TargetKind.User, f.clientUserId) ?? -2)
      : f.serialNumber !== undefined
        ? (loc.targets.find(TargetKind.Serial, f.serialNumber) ?? -2)
        : -1;
  const conflicting = f.clientUserId !== undefined && f.serialNumber !== undefined;
  // Who is inactive changes with the users' version, not the assignments' (a retired user keeps books).
  const users = f.excludeInactiveUsers ? loc.versions.users.seq : -1;
  const s = loc.store;
  const rows =
    wantTarget === -2 || conflicting
      ? new Int32Array(0)
      : loc.selectAssignments(JSON.stringify({ ...f, includeUserState: false, sinceSeq, users }), (row) => {
          const t = s.target[row] as number;
          if (assetOk[s.asset[row] as number] !== 1) return false;
          if (wantTarget >= 0 && t !== wantTarget) return false;
          if (sinceSeq >= 0 && (s.seq[row] as number) <= sinceSeq) return false;
          if (f.excludeInactiveUsers && loc.targets.kind(t) === TargetKind.User) {
            return loc.activeUsers.has(loc.targets.name(t));
          }
          return true;
        });
  const w = pageWindow(rows.length, q.pageIndex, state.config.pageSize);
  const assignments: Assignment[] = new Array(w.end - w.start);
  for (let i = w.start; i < w.end; i++) {
    const row = rows[i] as number;
    const a = loc.assets[s.asset[row] as number] as AssetRecord;
    const t = s.target[row] as number;
    const name = loc.targets.name(t);
    if (loc.targets.kind(t) === TargetKind.Serial) {
      assignments[i - w.start] = { adamId: a.adamId, pricingParam: a.pricingParam, serialNumber: name };
    } else {
      const out: Assignment = { adamId: a.adamId, pricingParam: a.pricingParam, clientUserId: name };
      if (f.includeUserState) {
        const u = loc.latestUser(name);
        if (u) {
          out.userStatus = u.status;
          if (u.idHash) out.idHash = u.idHash;
        }
      }
      assignments[i - w.start] = out;
    }
  }
  return { assignments, ...w.page, versionId: loc.versions.assignments.id };
}
