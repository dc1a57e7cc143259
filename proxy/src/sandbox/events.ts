import type {
  Assignment,
  ErrorResponse,
  EventStatus,
  EventType,
  NotificationType,
  RequestAsset,
  RequestUser,
  ResponseUser,
  StatusResponse,
} from "../apple/types.js";
import { appleError, type AppleErrorNumber } from "../apple/errors.js";
import { TargetKind } from "./assignment-store.js";
import { toResponseUser, type AssetRecord, type SandboxLocation } from "./location.js";
import { createRng } from "./prng.js";

type Outcome =
  | { ok: true; assignment?: Assignment; user?: ResponseUser }
  | {
      ok: false;
      errorNumber: AppleErrorNumber;
      asset?: RequestAsset;
      target: { kind: TargetKind; name: string };
      assignment?: Assignment;
      user?: ResponseUser;
    };

interface FailureGroup {
  errorNumber: AppleErrorNumber;
  assets: Map<string, RequestAsset>;
  clientUserIds: Set<string>;
  serialNumbers: Set<string>;
}

export type Notify = (loc: SandboxLocation, type: NotificationType, notification: object) => void;

export interface SandboxEvent {
  eventId: string;
  eventType: EventType;
  numRequested: number;
  numCompleted: number;
  processed: number;
  createdAt: number;
  failures: Map<string, FailureGroup>;
  run(loc: SandboxLocation, task: number): Outcome;
  /** Test fault: /status forgets the event (9708), or reports FAILED without (all) its failures. */
  report?: "forget" | "drop-failures" | "partial-failures";
  /** ASSET_MANAGEMENT / USER_MANAGEMENT buffers, flushed at 100 elements. */
  buffers: Map<string, { error?: ErrorResponse; items: (Assignment | ResponseUser)[] }>;
}

const assignmentOf = (loc: SandboxLocation, assetIdx: number, targetIdx: number): Assignment => {
  const a = loc.assets[assetIdx] as AssetRecord;
  const name = loc.targets.name(targetIdx);
  return loc.targets.kind(targetIdx) === TargetKind.Serial
    ? { adamId: a.adamId, pricingParam: a.pricingParam, serialNumber: name }
    : { adamId: a.adamId, pricingParam: a.pricingParam, clientUserId: name };
};

const requestAssetOf = (a: AssetRecord): RequestAsset => ({
  adamId: a.adamId,
  pricingParam: a.pricingParam,
});

export interface TargetRef {
  kind: TargetKind;
  name: string;
}

function newEvent(eventType: EventType, numRequested: number, run: SandboxEvent["run"]): SandboxEvent {
  return {
    eventId: crypto.randomUUID(),
    eventType,
    numRequested,
    numCompleted: 0,
    processed: 0,
    createdAt: Date.now(),
    failures: new Map(),
    buffers: new Map(),
    run,
  };
}

/** ASSOCIATE / DISASSOCIATE: one task per (asset × target), assets in order, targets in order. */
export function manageAssetsEvent(
  kind: "ASSOCIATE" | "DISASSOCIATE",
  assetIdxs: number[],
  targets: TargetRef[],
): SandboxEvent {
  const perAsset = targets.length;
  return newEvent(kind, assetIdxs.length * perAsset, (loc, task) => {
    const assetIdx = assetIdxs[Math.floor(task / perAsset)] as number;
    const target = targets[task % perAsset] as TargetRef;
    const asset = loc.assets[assetIdx] as AssetRecord;
    const ra = requestAssetOf(asset);
    if (target.kind === TargetKind.User && !loc.activeUsers.has(target.name)) {
      const fail = kind === "ASSOCIATE" || !loc.latestUser(target.name);
      if (fail) {
        const assignment: Assignment = {
          adamId: asset.adamId,
          pricingParam: asset.pricingParam,
          clientUserId: target.name,
        };
        return { ok: false, errorNumber: 9609, target, assignment };
      }
    }
    const targetIdx =
      target.kind === TargetKind.Serial ? loc.serialTarget(target.name) : loc.userTarget(target.name);
    const assignment = assignmentOf(loc, assetIdx, targetIdx);
    if (kind === "DISASSOCIATE") {
      loc.unassign(assetIdx, targetIdx);
      return { ok: true, assignment };
    }
    if (loc.store.has(assetIdx, targetIdx)) return { ok: true, assignment };
    if (loc.availableCount(asset) <= 0) {
      return { ok: false, errorNumber: 9709, asset: ra, target, assignment };
    }
    loc.assign(assetIdx, targetIdx);
    return { ok: true, assignment };
  });
}

/** REVOKE: numRequested is the number of assignments removed (product.md decision 10). */
export function revokeEvent(pairs: [number, number][]): SandboxEvent {
  return newEvent("REVOKE", pairs.length, (loc, task) => {
    const [assetIdx, targetIdx] = pairs[task] as [number, number];
    const assignment = assignmentOf(loc, assetIdx, targetIdx);
    loc.unassign(assetIdx, targetIdx);
    return { ok: true, assignment };
  });
}

let inviteSeed = 1;
export function usersEvent(kind: "CREATE" | "UPDATE" | "RETIRE", users: RequestUser[]): SandboxEvent {
  const rng = createRng(Date.now() ^ inviteSeed++);
  return newEvent(kind, users.length, (loc, task) => {
    const u = users[task] as RequestUser;
    const target = { kind: TargetKind.User, name: u.clientUserId };
    const active = loc.activeUsers.get(u.clientUserId);
    const linkedElsewhere =
      u.managedAppleId !== undefined &&
      [...loc.activeUsers.values()].some(
        (x) => x.managedAppleId === u.managedAppleId && x.clientUserId !== u.clientUserId,
      );
    if (kind === "CREATE") {
      if (active) return { ok: false, errorNumber: 9716, target, user: toResponseUser(active) };
      if (linkedElsewhere) return { ok: false, errorNumber: 9641, target };
      const record = u.managedAppleId
        ? loc.addUser({
            clientUserId: u.clientUserId,
            ...(u.email !== undefined ? { email: u.email } : {}),
            status: "Associated",
            managedAppleId: u.managedAppleId,
            idHash: Buffer.from(rng.hex(40), "hex").toString("base64"),
          })
        : loc.addUser({
            clientUserId: u.clientUserId,
            ...(u.email !== undefined ? { email: u.email } : {}),
            status: "Registered",
            inviteCode: rng.hex(32),
          });
      return { ok: true, user: toResponseUser(record) };
    }
    if (!active) return { ok: false, errorNumber: 9609, target };
    if (kind === "UPDATE") {
      if (linkedElsewhere) return { ok: false, errorNumber: 9641, target };
      if (u.email !== undefined) active.email = u.email;
      if (u.managedAppleId && active.status === "Registered") {
        active.status = "Associated";
        active.managedAppleId = u.managedAppleId;
        delete active.inviteCode;
        active.idHash = Buffer.from(rng.hex(40), "hex").toString("base64");
      }
      loc.touchUser(active);
      return { ok: true, user: toResponseUser(active) };
    }
    // RETIRE frees the user's revocable licences (v1 behaviour, apple-v2-api.md §5.2).
    const targetIdx = loc.targets.find(TargetKind.User, u.clientUserId);
    if (targetIdx !== undefined) {
      for (const [a, t] of loc.revocableOf(new Set([targetIdx]))) loc.unassign(a, t);
    }
    active.status = "Retired";
    delete active.inviteCode;
    loc.touchUser(active);
    return { ok: true, user: toResponseUser(active) };
  });
}

export function eventStatus(e: SandboxEvent): EventStatus {
  if (e.processed < e.numRequested) return "PENDING";
  return e.failures.size > 0 ? "FAILED" : "COMPLETE";
}

export function statusBody(e: SandboxEvent): Omit<StatusResponse, "uId"> {
  const all: ErrorResponse[] = [...e.failures.values()].map((g) => {
    const info: NonNullable<ErrorResponse["errorInfo"]> = {};
    if (g.assets.size > 0) info.assets = [...g.assets.values()];
    if (g.clientUserIds.size > 0) info.clientUserIds = [...g.clientUserIds];
    if (g.serialNumbers.size > 0) info.serialNumbers = [...g.serialNumbers];
    return appleError(g.errorNumber, info);
  });
  const failures = reported(all, e.report);
  return {
    eventStatus: eventStatus(e),
    eventType: e.eventType,
    ...(failures.length > 0 ? { failures } : {}),
    numCompleted: e.numCompleted,
    numRequested: e.numRequested,
  };
}

/** What /status lists of the failures: all, none, or one target of the first (test faults). */
function reported(all: ErrorResponse[], report: SandboxEvent["report"]): ErrorResponse[] {
  if (report === "drop-failures") return [];
  if (report !== "partial-failures" || all.length === 0) return all;
  const first = all[0] as ErrorResponse;
  const info = first.errorInfo ?? {};
  const one = info.serialNumbers?.length
    ? { serialNumbers: info.serialNumbers.slice(0, 1) }
    : { clientUserIds: (info.clientUserIds ?? []).slice(0, 1) };
  return [{ ...first, errorInfo: { ...(info.assets ? { assets: info.assets } : {}), ...one } }];
}

const NOTIFICATION_BATCH = 100;

/**
 * Process the tasks of every pending event that are due by `now`, at `tasksPerSecond`
 * (0 = instant), then give changed data sets new versionIds and send notifications.
 */
export function advanceEvents(
  loc: SandboxLocation,
  now: number,
  tasksPerSecond: number,
  notify: Notify,
): void {
  let touched = false;
  for (const e of loc.events.values()) {
    if (e.processed >= e.numRequested) continue;
    const due =
      tasksPerSecond <= 0
        ? e.numRequested
        : Math.min(e.numRequested, Math.floor(((now - e.createdAt) * tasksPerSecond) / 1000));
    while (e.processed < due) {
      const outcome = e.run(loc, e.processed++);
      touched = true;
      record(loc, e, outcome, notify);
    }
    // Notifications go out as the work is done (≤ 100 elements each), not only at the end.
    flush(loc, e, notify, true);
  }
  if (touched) loc.commit();
}

function record(loc: SandboxLocation, e: SandboxEvent, o: Outcome, notify: Notify): void {
  if (o.ok) e.numCompleted++;
  else {
    const groupKey = o.asset
      ? `${o.errorNumber}:${o.asset.adamId}:${o.asset.pricingParam}`
      : `${o.errorNumber}`;
    let g = e.failures.get(groupKey);
    if (!g) {
      g = {
        errorNumber: o.errorNumber,
        assets: new Map(),
        clientUserIds: new Set(),
        serialNumbers: new Set(),
      };
      e.failures.set(groupKey, g);
    }
    if (o.asset) g.assets.set(`${o.asset.adamId}:${o.asset.pricingParam}`, o.asset);
    (o.target.kind === TargetKind.Serial ? g.serialNumbers : g.clientUserIds).add(o.target.name);
  }
  const item = o.assignment ?? o.user;
  if (!item) return;
  const key = o.ok ? "SUCCESS" : `FAILURE:${o.errorNumber}`;
  let buf = e.buffers.get(key);
  if (!buf) {
    buf = { items: [], ...(o.ok ? {} : { error: appleError(o.errorNumber) }) };
    e.buffers.set(key, buf);
  }
  buf.items.push(item);
  if (buf.items.length >= NOTIFICATION_BATCH) flush(loc, e, notify, false);
}

function flush(loc: SandboxLocation, e: SandboxEvent, notify: Notify, all: boolean): void {
  const userEvent = e.eventType === "CREATE" || e.eventType === "UPDATE" || e.eventType === "RETIRE";
  for (const [key, buf] of e.buffers) {
    while (buf.items.length >= NOTIFICATION_BATCH || (all && buf.items.length > 0)) {
      const items = buf.items.splice(0, NOTIFICATION_BATCH);
      const result = key === "SUCCESS" ? "SUCCESS" : "FAILURE";
      const base = {
        eventId: e.eventId,
        result,
        type: e.eventType,
        ...(buf.error ? { error: buf.error } : {}),
      };
      if (userEvent) notify(loc, "USER_MANAGEMENT", { ...base, users: items });
      else notify(loc, "ASSET_MANAGEMENT", { ...base, assignments: items });
    }
  }
}
