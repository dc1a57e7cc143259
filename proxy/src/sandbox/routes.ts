import express, { type Request, type Response, type Router } from "express";
import type { ClientConfigRequest, Envelope, ResponseAsset, UnlimitedResponseAsset } from "../apple/types.js";
import { UNLIMITED_COUNT } from "../apple/types.js";
import { appleError, SERVICE_CONFIG_ERROR_NUMBERS } from "../apple/errors.js";
import { readAssignments } from "./assignments-read.js";
import { manageAssetsEvent, revokeEvent, statusBody, usersEvent, type SandboxEvent } from "./events.js";
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
import { normaliseDate } from "./dates.js";
import { answerFaults, sandboxGuard, type Ctx } from "./guard.js";
import { formatAppleDate, type Fault, type SandboxState } from "./state.js";
import {
  objectBody,
  validateClientConfig,
  validateManageAssets,
  validateRevoke,
  validateUsers,
} from "./validate.js";

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

const ctxOf = (res: Response): Ctx => res.locals.ctx as Ctx;

const FIFTEEN_DAYS_MS = 15 * 86_400_000;

/** Apple's v2 service under /mdm/v2, as documented, including its inconvenient parts. */
export function appleRoutes(state: SandboxState, mount: "v2" | "v2-moved" = "v2"): Router {
  const r = express.Router();

  r.use(sandboxGuard(state, mount));
  r.use(answerFaults);

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
      contentMetadataLookup: state.config.metadataLookupUrl ?? `${base}/lookup`,
    };
    const v2 = state.config.endpointsMoved ? "mdm/v2-moved" : "mdm/v2";
    for (const [name, path] of Object.entries(URL_NAMES)) urls[name] = `${base}/${v2}${path}`;
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
    res.json({ ...readAssignments(state, ctx.loc, req.query), ...envelope(ctx) });
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
    const report = (res.locals.answerFault as Fault | undefined)?.event;
    if (report) event.report = report;
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
    const targetIdxs = validateRevoke(state, ctx.loc, objectBody(req));
    accept(res, ctx, revokeEvent(ctx.loc.revocableOf(targetIdxs)));
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
    if (!event || event.report === "forget") throw new AppleHttpError(9708);
    res.json({ ...statusBody(event), ...envelope(ctx) });
  });

  return r;
}

/** The sandbox's own external base URL (where it is mounted), from the request. */
export function originOf(req: Request): string {
  const mount = (req.baseUrl || "").replace(/\/mdm\/v2(-moved)?$/, "");
  return `${req.protocol}://${req.get("host")}${mount}`;
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
