import type { Request } from "express";
import type {
  ClientConfigRequest,
  NotificationType,
  PricingParam,
  RequestAsset,
  RequestUser,
} from "../apple/types.js";
import { NOTIFICATION_TYPES } from "../apple/types.js";
import { TargetKind } from "./assignment-store.js";
import type { TargetRef } from "./events.js";
import { AppleHttpError, invalid } from "./http.js";
import type { AssetRecord, SandboxLocation } from "./location.js";
import type { SandboxState } from "./state.js";

/** Apple's synchronous validation of write requests, in Apple's order (apple-v2-api.md §4.3, §5.2, §3.2). */
export function objectBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw invalid();
  return b as Record<string, unknown>;
}

function stringArray(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalid();
  return v as string[];
}

export function targetLists(body: Record<string, unknown>) {
  return { clientUserIds: stringArray(body.clientUserIds), serialNumbers: stringArray(body.serialNumbers) };
}

/** Apple's limits count unique items (apple-v2-api.md §3.1): a repeat is a duplicate, not over the limit. */
const unique = (items: readonly string[]) => new Set(items).size;

/** Revoke: targets only (9719), its own limits, duplicates; the targets this location knows. */
export function validateRevoke(
  state: SandboxState,
  loc: SandboxLocation,
  body: Record<string, unknown>,
): Set<number> {
  const limits = state.config.limits;
  const { clientUserIds, serialNumbers } = targetLists(body);
  if (clientUserIds.length + serialNumbers.length === 0) throw new AppleHttpError(9719);
  if (unique(clientUserIds) > (limits.maxRevokeClientUserIds ?? 100)) throw new AppleHttpError(9701);
  if (unique(serialNumbers) > (limits.maxRevokeSerialNumbers ?? 100)) throw new AppleHttpError(9702);
  checkDuplicates(clientUserIds, 9704, "clientUserIds");
  checkDuplicates(serialNumbers, 9705, "serialNumbers");
  const targetIdxs = new Set<number>();
  for (const c of clientUserIds) {
    const t = loc.targets.find(TargetKind.User, c);
    if (t !== undefined) targetIdxs.add(t);
  }
  for (const sn of serialNumbers) {
    const t = loc.targets.find(TargetKind.Serial, sn);
    if (t !== undefined) targetIdxs.add(t);
  }
  return targetIdxs;
}

export function checkDuplicates(
  items: string[],
  errorNumber: 9703 | 9704 | 9705 | 9715,
  field: "clientUserIds" | "serialNumbers" | "assets",
): void {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const i of items) (seen.has(i) ? dups : seen).add(i);
  if (dups.size === 0) return;
  if (field === "assets") {
    throw new AppleHttpError(errorNumber, {
      assets: [...dups].map((k) => {
        const [adamId, pricingParam] = k.split(":") as [string, PricingParam];
        return { adamId, pricingParam };
      }),
    });
  }
  throw new AppleHttpError(errorNumber, { [field]: [...dups] });
}

/** Apple's order: assets (9718), targets (9719), limits, duplicates, then asset rules. */
export function validateManageAssets(
  state: SandboxState,
  loc: SandboxLocation,
  body: Record<string, unknown>,
  kind: "associate" | "disassociate",
): { assetIdxs: number[]; targets: TargetRef[] } {
  const limits = state.config.limits;
  if (
    body.assets === undefined ||
    body.assets === null ||
    (Array.isArray(body.assets) && body.assets.length === 0)
  ) {
    throw new AppleHttpError(9718);
  }
  if (!Array.isArray(body.assets)) throw invalid();
  const assets: RequestAsset[] = body.assets.map((a: unknown) => {
    if (typeof a !== "object" || a === null) throw invalid();
    const { adamId, pricingParam } = a as Record<string, unknown>;
    if (typeof adamId !== "string" || adamId === "") throw invalid();
    if (pricingParam !== undefined && pricingParam !== "STDQ" && pricingParam !== "PLUS") throw invalid();
    return { adamId, pricingParam: (pricingParam as PricingParam | undefined) ?? "STDQ" };
  });
  const { clientUserIds, serialNumbers } = targetLists(body);
  if (clientUserIds.length + serialNumbers.length === 0) throw new AppleHttpError(9719);
  if (unique(assets.map((a) => `${a.adamId}:${a.pricingParam}`)) > (limits.maxAssets ?? 25))
    throw new AppleHttpError(9700);
  if (unique(clientUserIds) > (limits.maxClientUserIds ?? 1000)) throw new AppleHttpError(9701);
  if (unique(serialNumbers) > (limits.maxSerialNumbers ?? 1000)) throw new AppleHttpError(9702);
  checkDuplicates(
    assets.map((a) => `${a.adamId}:${a.pricingParam}`),
    9703,
    "assets",
  );
  checkDuplicates(clientUserIds, 9704, "clientUserIds");
  checkDuplicates(serialNumbers, 9705, "serialNumbers");
  const unknown = assets.filter((a) => loc.findAsset(a.adamId, a.pricingParam as PricingParam) === undefined);
  if (unknown.length > 0) throw invalid({ assets: unknown });
  const assetIdxs = assets.map((a) => loc.findAsset(a.adamId, a.pricingParam as PricingParam) as number);
  const records = assetIdxs.map((i) => loc.assets[i] as AssetRecord);
  if (kind === "disassociate") {
    const notRevocable = records.filter((a) => !a.revocable);
    if (notRevocable.length > 0) throw new AppleHttpError(9706, { assets: notRevocable.map(requestAsset) });
  }
  if (serialNumbers.length > 0) {
    const notDevice = records.filter((a) => !a.deviceAssignable);
    if (notDevice.length > 0) throw new AppleHttpError(9707, { assets: notDevice.map(requestAsset) });
  }
  const targets: TargetRef[] = [
    ...clientUserIds.map((name) => ({ kind: TargetKind.User, name })),
    ...serialNumbers.map((name) => ({ kind: TargetKind.Serial, name })),
  ];
  return { assetIdxs, targets };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateUsers(state: SandboxState, body: Record<string, unknown>): RequestUser[] {
  const list = body.users;
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    throw new AppleHttpError(9720);
  }
  if (!Array.isArray(list)) throw invalid();
  if (list.length > (state.config.limits.maxUsers ?? 100)) throw new AppleHttpError(9714);
  const users: RequestUser[] = list.map((u: unknown) => {
    if (typeof u !== "object" || u === null) throw invalid();
    const { clientUserId, email, managedAppleId } = u as Record<string, unknown>;
    if (typeof clientUserId !== "string" || clientUserId === "") throw invalid();
    if (email !== undefined && typeof email !== "string") throw invalid();
    if (managedAppleId !== undefined && typeof managedAppleId !== "string") throw invalid();
    return {
      clientUserId,
      ...(email !== undefined ? { email } : {}),
      ...(managedAppleId !== undefined ? { managedAppleId } : {}),
    };
  });
  checkDuplicates(
    users.map((u) => u.clientUserId),
    9715,
    "clientUserIds",
  );
  const bad = users.filter((u) => u.email !== undefined && !EMAIL.test(u.email));
  if (bad.length > 0) throw new AppleHttpError(9717, { clientUserIds: bad.map((u) => u.clientUserId) });
  return users;
}

export async function validateClientConfig(
  state: SandboxState,
  loc: SandboxLocation,
  body: ClientConfigRequest,
): Promise<Partial<SandboxLocation["clientConfig"]>> {
  const limits = state.config.limits;
  const update: Partial<SandboxLocation["clientConfig"]> = {};
  if (body.mdmInfo !== undefined) {
    const m = body.mdmInfo as unknown as Record<string, unknown>;
    if (
      typeof m !== "object" ||
      m === null ||
      typeof m.id !== "string" ||
      typeof m.name !== "string" ||
      typeof m.metadata !== "string"
    ) {
      throw new AppleHttpError(9723);
    }
    if (m.id.length > (limits.maxMdmIdLength ?? 100)) throw new AppleHttpError(9724);
    if (m.name.length > (limits.maxMdmNameLength ?? 100)) throw new AppleHttpError(9725);
    if (m.metadata.length > (limits.maxMdmMetadataLength ?? 255)) throw new AppleHttpError(9713);
    update.mdmInfo = { id: m.id, name: m.name, metadata: m.metadata };
  }
  const { notificationUrl: url, notificationAuthToken: secret } = body;
  if ((url === undefined) !== (secret === undefined)) throw new AppleHttpError(9710);
  if (url !== undefined && secret !== undefined) {
    if (typeof url !== "string" || typeof secret !== "string") throw invalid();
    const maxLen = limits.maxNotificationLength ?? 512;
    if (url.length > maxLen || secret.length > maxLen) throw new AppleHttpError(9711);
    if (url === "" && secret === "") {
      delete loc.clientConfig.notificationUrl;
      delete loc.clientConfig.notificationAuthToken;
    } else {
      if (!acceptableUrl(url, state.config.allowInsecureNotificationUrls)) throw new AppleHttpError(9712);
      if (secret === "") throw new AppleHttpError(9710);
      const delivered = await state.notifier.deliverNow(url, secret, {
        notification: {},
        notificationId: crypto.randomUUID(),
        notificationType: "TEST_NOTIFICATION",
        uId: loc.uId,
      });
      if (!delivered) throw new AppleHttpError(9728);
      update.notificationUrl = url;
      update.notificationAuthToken = secret;
    }
  }
  if (body.notificationTypes !== undefined) {
    const types: unknown = body.notificationTypes;
    if (!Array.isArray(types) || types.some((t) => !NOTIFICATION_TYPES.includes(t as NotificationType))) {
      throw invalid();
    }
    update.notificationTypes = [...new Set(types as NotificationType[])];
  }
  return update;
}

function acceptableUrl(url: string, allowInsecureLoopback: boolean): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === "https:") return true;
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  return allowInsecureLoopback && u.protocol === "http:" && loopback;
}

function requestAsset(a: AssetRecord): RequestAsset {
  return { adamId: a.adamId, pricingParam: a.pricingParam };
}
