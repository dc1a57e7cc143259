import express, { type Request, type Response, type Router } from "express";
import type {
  Assignment,
  ClientConfigRequest,
  Envelope,
  NotificationType,
  PricingParam,
  RequestAsset,
  RequestUser,
  ResponseAsset,
  UnlimitedResponseAsset,
} from "../apple/types.js";
import { NOTIFICATION_TYPES, UNLIMITED_COUNT } from "../apple/types.js";
import { appleError, SERVICE_CONFIG_ERROR_NUMBERS } from "../apple/errors.js";
import { TargetKind } from "./assignment-store.js";
import {
  manageAssetsEvent,
  revokeEvent,
  statusBody,
  usersEvent,
  type SandboxEvent,
  type TargetRef,
} from "./events.js";
import {
  AppleHttpError,
  invalid,
  pageWindow,
  parseBool,
  parseEnum,
  parseIntParam,
  parseString,
} from "./http.js";
import { toResponseUser, type AssetRecord, type SandboxLocation } from "./location.js";
import { formatAppleDate, type SandboxState, type TokenRecord } from "./state.js";

/** Apple's v2 endpoints and the methods each accepts (apple-v2-api.md §2). */
const ENDPOINTS: Record<string, "GET" | "POST" | "GET,POST"> = {
  "/service/config": "GET",
  "/client/config": "GET,POST",
  "/assets": "GET",
  "/assignments": "GET",
  "/users": "GET",
  "/users/create": "POST",
  "/users/update": "POST",
  "/users/retire": "POST",
  "/assets/associate": "POST",
  "/assets/disassociate": "POST",
  "/assets/revoke": "POST",
  "/status": "GET",
};

const URL_NAMES: Record<string, string> = {
  clientConfig: "/client/config",
  createUsers: "/users/create",
  getAssignments: "/assignments",
  revokeAssets: "/assets/revoke",
  getUsers: "/users",
  eventStatus: "/status",
  associateAssets: "/assets/associate",
  disassociateAssets: "/assets/disassociate",
  updateUsers: "/users/update",
  getAssets: "/assets",
  retireUsers: "/users/retire",
};

interface Ctx {
  loc: SandboxLocation;
  token: TokenRecord;
}

const ctxOf = (res: Response): Ctx => res.locals.ctx as Ctx;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FIFTEEN_DAYS_MS = 15 * 86_400_000;

/** Apple's v2 service under /mdm/v2, as documented, including its inconvenient parts. */
export function appleRoutes(state: SandboxState): Router {
  const r = express.Router();

  // Route guard: 404 for unknown paths, 405 (9726) for a known path with the wrong method.
  r.use((req, res, next) => {
    const allowed = ENDPOINTS[req.path];
    if (!allowed) return void res.status(404).json(appleError(9602));
    if (!allowed.split(",").includes(req.method)) throw new AppleHttpError(9726);
    next();
  });

  r.use(async (req, res, next) => {
    const { config } = state;
    if (config.latencyMs > 0) await sleep(config.latencyMs);
    const auth = req.get("authorization");
    const entry = state.logRequest({
      at: Date.now(),
      method: req.method,
      path: req.path,
      query: req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "",
      ...(auth !== undefined ? { authorization: auth } : {}),
      ...(req.get("cookie") !== undefined ? { cookie: req.get("cookie") as string } : {}),
    });
    res.on("finish", () => (entry.status = res.statusCode));

    const bearer = /^Bearer (\S+)$/.exec(auth ?? "")?.[1];
    const token = bearer ? state.tokens.get(bearer) : undefined;
    const loc = token ? state.locations.get(token.uId) : undefined;
    if (loc) entry.uId = loc.uId;

    const fault = state.takeFault(req.method, req.path, loc?.uId);
    if (fault) {
      const errorNumber =
        fault.errorNumber ?? ({ 200: 9603, 429: 9646, 500: 9603, 503: 9729 } as const)[fault.status];
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {};
      throw new AppleHttpError(errorNumber, undefined, fault.status, headers);
    }

    if (req.path === "/service/config") return next();
    if (!bearer) throw new AppleHttpError(9722);
    const authStatus = config.invalidToken === "200" ? 200 : 401;
    if (!token || !loc) {
      throw new AppleHttpError(config.invalidToken === "legacy" ? 9622 : 9601, undefined, authStatus);
    }
    if (token.revoked) throw new AppleHttpError(9625, undefined, authStatus);
    if (Date.parse(normaliseDate(token.expDate)) <= Date.now()) {
      throw new AppleHttpError(9621, undefined, authStatus);
    }

    const now = Date.now();
    const max = config.limits.maxRequestPerSecond ?? 15;
    loc.requestTimes = loc.requestTimes.filter((t) => now - t < 1000);
    if (loc.requestTimes.length >= max) {
      const headers: Record<string, string> =
        config.retryAfterOn429 !== null ? { "Retry-After": String(config.retryAfterOn429) } : {};
      throw new AppleHttpError(9646, undefined, 429, headers);
    }
    loc.requestTimes.push(now);

    if (req.method === "POST") {
      if (token.readOnly) throw new AppleHttpError(9637);
      const type = req.get("content-type") ?? "";
      if (!/^application\/json\b/i.test(type)) throw new AppleHttpError(9727);
    }
    state.advance(loc);
    res.locals.ctx = { loc, token } satisfies Ctx;
    next();
  });

  r.use(express.json({ limit: "20mb", strict: false }));

  const envelope = (ctx: Ctx): Envelope => {
    const rule = state.config.tokenExpirationDate;
    const exp = Date.parse(normaliseDate(ctx.token.expDate));
    const within = exp - Date.now() <= FIFTEEN_DAYS_MS;
    const mdmInfo = ctx.loc.clientConfig.mdmInfo;
    return {
      uId: ctx.loc.uId,
      ...(rule === "always" || (rule === "window" && within)
        ? { tokenExpirationDate: formatAppleDate(new Date(exp)) }
        : {}),
      ...(mdmInfo ? { mdmInfo } : {}),
    };
  };

  r.get("/service/config", (req, res) => {
    const base = `${originOf(req)}`;
    const urls: Record<string, string> = {
      invitationEmail: `${base}/invite?inviteCode=%25inviteCode%25&mt=8`,
      contentMetadataLookup: `${base}/lookup`,
    };
    for (const [name, path] of Object.entries(URL_NAMES)) urls[name] = `${base}/mdm/v2${path}`;
    res.json({
      errorCodes: SERVICE_CONFIG_ERROR_NUMBERS.map((n) => appleError(n)),
      limits: state.config.limits,
      notificationTypes: ["ASSET_MANAGEMENT", "USER_MANAGEMENT", "USER_ASSOCIATED", "ASSET_COUNT"],
      urls,
    });
  });

  r.get("/client/config", (_req, res) => {
    const ctx = ctxOf(res);
    res.json({ ...ctx.loc.clientConfigBody(), ...envelope(ctx) });
  });

  r.post("/client/config", async (req, res) => {
    const ctx = ctxOf(res);
    const body = objectBody(req);
    const update = await validateClientConfig(state, ctx.loc, body as ClientConfigRequest);
    Object.assign(ctx.loc.clientConfig, update);
    res.json({ ...ctx.loc.clientConfigBody(), ...envelope(ctx) });
  });

  r.get("/assets", (req, res) => {
    const ctx = ctxOf(res);
    const q = req.query;
    if (q.sinceVersionId !== undefined && state.config.strictAssets) throw invalid();
    const f = {
      productType: parseEnum(q.productType, ["App", "Book"] as const, "productType"),
      pricingParam: parseEnum(q.pricingParam, ["STDQ", "PLUS"] as const, "pricingParam"),
      revocable: parseBool(q.revocable, "revocable"),
      deviceAssignable: parseBool(q.deviceAssignable, "deviceAssignable"),
      maxAvailableCount: parseIntParam(q.maxAvailableCount, "maxAvailableCount"),
      minAvailableCount: parseIntParam(q.minAvailableCount, "minAvailableCount"),
      maxAssignedCount: parseIntParam(q.maxAssignedCount, "maxAssignedCount"),
      minAssignedCount: parseIntParam(q.minAssignedCount, "minAssignedCount"),
      adamId: parseString(q.adamId, "adamId"),
      unlimited: parseBool(q.unlimited, "unlimited"),
    };
    const loc = ctx.loc;
    const matches = loc.assets.filter((a) => {
      const available = loc.availableCount(a);
      return (
        (f.productType === undefined || a.productType === f.productType) &&
        (f.pricingParam === undefined || a.pricingParam === f.pricingParam) &&
        (f.revocable === undefined || a.revocable === f.revocable) &&
        (f.deviceAssignable === undefined || a.deviceAssignable === f.deviceAssignable) &&
        (f.adamId === undefined || a.adamId === f.adamId) &&
        (f.maxAvailableCount === undefined || available <= f.maxAvailableCount) &&
        (f.minAvailableCount === undefined || available >= f.minAvailableCount) &&
        (f.maxAssignedCount === undefined || a.assignedCount <= f.maxAssignedCount) &&
        (f.minAssignedCount === undefined || a.assignedCount >= f.minAssignedCount) &&
        (f.unlimited !== false || !a.unlimited)
      );
    });
    const w = pageWindow(matches.length, q.pageIndex, state.config.pageSize);
    const slice = matches.slice(w.start, w.end);
    const assets: ResponseAsset[] = [];
    const unlimitedAssets: UnlimitedResponseAsset[] = [];
    for (const a of slice) {
      if (a.unlimited && f.unlimited === true) unlimitedAssets.push(unlimitedAsset(a));
      else assets.push(responseAsset(loc, a));
    }
    res.json({
      assets,
      ...(f.unlimited === true ? { unlimitedAssets } : {}),
      ...w.page,
      versionId: loc.versions.assets.id,
      ...envelope(ctx),
    });
  });

  r.get("/assignments", (req, res) => {
    const ctx = ctxOf(res);
    const loc = ctx.loc;
    const q = req.query;
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
    const s = loc.store;
    const rows =
      wantTarget === -2 || conflicting
        ? new Int32Array(0)
        : loc.selectAssignments(JSON.stringify({ ...f, includeUserState: false, sinceSeq }), (row) => {
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
    res.json({ assignments, ...w.page, versionId: loc.versions.assignments.id, ...envelope(ctx) });
  });

  r.get("/users", (req, res) => {
    const ctx = ctxOf(res);
    const loc = ctx.loc;
    const q = req.query;
    const includeRetired = parseBool(q.includeRetired, "includeRetired");
    const f = {
      activeOnly: parseBool(q.activeOnly, "activeOnly") ?? includeRetired === false,
      retiredOnly: parseBool(q.retiredOnly, "retiredOnly") ?? false,
      clientUserId: parseString(q.clientUserId, "clientUserId"),
      sinceVersionId: parseString(q.sinceVersionId, "sinceVersionId"),
    };
    let sinceSeq = -1;
    if (f.sinceVersionId !== undefined) {
      const seq = loc.versions.users.seqOf(f.sinceVersionId);
      if (seq === undefined) throw new AppleHttpError(9721);
      sinceSeq = seq;
    }
    const retired = (s: string) => s === "Retired" || s === "Deleted";
    const users = loc.users.filter(
      (u) =>
        (!f.activeOnly || !retired(u.status)) &&
        (!f.retiredOnly || retired(u.status)) &&
        (f.clientUserId === undefined || u.clientUserId === f.clientUserId) &&
        u.seq > sinceSeq,
    );
    const w = pageWindow(users.length, q.pageIndex, state.config.pageSize);
    res.json({
      users: users.slice(w.start, w.end).map(toResponseUser),
      ...w.page,
      versionId: loc.versions.users.id,
      ...envelope(ctx),
    });
  });

  const accept = (res: Response, ctx: Ctx, event: SandboxEvent) => {
    ctx.loc.events.set(event.eventId, event);
    state.advance(ctx.loc);
    res.json({ eventId: event.eventId, ...envelope(ctx) });
  };

  for (const kind of ["associate", "disassociate"] as const) {
    r.post(`/assets/${kind}`, (req, res) => {
      const ctx = ctxOf(res);
      const { assetIdxs, targets } = validateManageAssets(state, ctx.loc, objectBody(req), kind);
      accept(
        res,
        ctx,
        manageAssetsEvent(kind === "associate" ? "ASSOCIATE" : "DISASSOCIATE", assetIdxs, targets),
      );
    });
  }

  r.post("/assets/revoke", (req, res) => {
    const ctx = ctxOf(res);
    const body = objectBody(req);
    const limits = state.config.limits;
    const { clientUserIds, serialNumbers } = targetLists(body);
    if (clientUserIds.length + serialNumbers.length === 0) throw new AppleHttpError(9719);
    if (clientUserIds.length > (limits.maxRevokeClientUserIds ?? 100)) throw new AppleHttpError(9701);
    if (serialNumbers.length > (limits.maxRevokeSerialNumbers ?? 100)) throw new AppleHttpError(9702);
    checkDuplicates(clientUserIds, 9704, "clientUserIds");
    checkDuplicates(serialNumbers, 9705, "serialNumbers");
    const loc = ctx.loc;
    const targetIdxs = new Set<number>();
    for (const c of clientUserIds) {
      const t = loc.targets.find(TargetKind.User, c);
      if (t !== undefined) targetIdxs.add(t);
    }
    for (const sn of serialNumbers) {
      const t = loc.targets.find(TargetKind.Serial, sn);
      if (t !== undefined) targetIdxs.add(t);
    }
    accept(res, ctx, revokeEvent(loc.revocableOf(targetIdxs)));
  });

  for (const kind of ["create", "update", "retire"] as const) {
    r.post(`/users/${kind}`, (req, res) => {
      const ctx = ctxOf(res);
      const users = validateUsers(state, objectBody(req));
      accept(res, ctx, usersEvent(kind.toUpperCase() as "CREATE" | "UPDATE" | "RETIRE", users));
    });
  }

  r.get("/status", (req, res) => {
    const ctx = ctxOf(res);
    const eventId = parseString(req.query.eventId, "eventId");
    if (!eventId) throw invalid();
    const event = ctx.loc.events.get(eventId);
    if (!event) throw new AppleHttpError(9708);
    res.json({ ...statusBody(event), ...envelope(ctx) });
  });

  return r;
}

/** The sandbox's own external base URL (where it is mounted), from the request. */
export function originOf(req: Request): string {
  const mount = (req.baseUrl || "").replace(/\/mdm\/v2$/, "");
  return `${req.protocol}://${req.get("host")}${mount}`;
}

export function normaliseDate(d: string): string {
  // Apple writes +0000; Date.parse wants +00:00.
  return d.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}

function objectBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw invalid();
  return b as Record<string, unknown>;
}

function stringArray(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalid();
  return v as string[];
}

function targetLists(body: Record<string, unknown>) {
  return { clientUserIds: stringArray(body.clientUserIds), serialNumbers: stringArray(body.serialNumbers) };
}

function checkDuplicates(
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
function validateManageAssets(
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
  if (assets.length > (limits.maxAssets ?? 25)) throw new AppleHttpError(9700);
  if (clientUserIds.length > (limits.maxClientUserIds ?? 1000)) throw new AppleHttpError(9701);
  if (serialNumbers.length > (limits.maxSerialNumbers ?? 1000)) throw new AppleHttpError(9702);
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

function validateUsers(state: SandboxState, body: Record<string, unknown>): RequestUser[] {
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

async function validateClientConfig(
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

function responseAsset(loc: SandboxLocation, a: AssetRecord): ResponseAsset {
  return {
    adamId: a.adamId,
    assignedCount: a.assignedCount,
    availableCount: loc.availableCount(a),
    deviceAssignable: a.deviceAssignable,
    pricingParam: a.pricingParam,
    productType: a.productType,
    retiredCount: a.unlimited ? 0 : a.retiredCount,
    revocable: a.revocable,
    supportedPlatforms: a.supportedPlatforms,
    totalCount: a.unlimited ? UNLIMITED_COUNT : a.totalCount,
  };
}

function unlimitedAsset(a: AssetRecord): UnlimitedResponseAsset {
  return {
    adamId: a.adamId,
    assignedCount: a.assignedCount,
    deviceAssignable: a.deviceAssignable,
    pricingParam: a.pricingParam,
    productType: a.productType,
    revocable: a.revocable,
    supportedPlatforms: a.supportedPlatforms,
  };
}
