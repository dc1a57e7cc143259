import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { schemas } from "./control-schemas.js";
import { TargetKind } from "./assignment-store.js";
import { applyExternalChanges } from "./external.js";
import { acceptInvitation } from "./lookup.js";
import type { SandboxLocation } from "./location.js";
import { scaleLocation } from "./seed.js";
import { formatAppleDate, type Fault, type SandboxState } from "./state.js";

function parse<T extends z.ZodType>(schema: T, req: Request, res: Response): z.infer<T> | undefined {
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  res.status(400).json({ error: z.prettifyError(result.error) });
  return undefined;
}

function summary(state: SandboxState, loc: SandboxLocation) {
  return {
    uId: loc.uId,
    orgName: loc.orgName,
    locationName: loc.locationName,
    assets: loc.assets.length,
    assignments: loc.store.liveCount,
    users: loc.users.length,
    mdmInfo: loc.clientConfig.mdmInfo ?? null,
    pendingEvents: [...loc.events.values()].filter((e) => e.processed < e.numRequested).length,
    tokens: [...state.tokens.values()].filter((t) => t.uId === loc.uId).length,
  };
}

/** Test controls (never Apple's paths): tokens, data scale, faults, takeovers, external events. */
export function controlRoutes(state: SandboxState): Router {
  const r = express.Router();
  r.use(express.json({ limit: "1mb" }));

  const withLocation = (req: Request, res: Response): SandboxLocation | undefined => {
    const loc = state.locations.get(String(req.params.uId));
    if (!loc) res.status(404).json({ error: `no sandbox location ${String(req.params.uId)}` });
    return loc;
  };

  r.post("/tokens", (req, res) => {
    const body = parse(schemas.token, req, res);
    if (!body) return;
    let loc: SandboxLocation | undefined;
    if (body.uId !== undefined) {
      loc = state.locations.get(body.uId);
      if (!loc) return void res.status(404).json({ error: `no sandbox location ${body.uId}` });
    } else {
      loc = state.createLocation({
        ...(body.orgName ? { orgName: body.orgName } : {}),
        ...(body.locationName ? { locationName: body.locationName } : {}),
        ...(body.data ? { data: body.data } : {}),
        ...(body.assignments ? { assignments: body.assignments } : {}),
      });
    }
    const cToken = state.mintToken(loc, {
      ...(body.expDate ? { expDate: body.expDate } : {}),
      ...(body.readOnly ? { readOnly: body.readOnly } : {}),
      ...(body.orgName ? { orgName: body.orgName } : {}),
    });
    const t = state.tokens.get(cToken);
    res.status(201).json({
      cToken,
      uId: loc.uId,
      expDate: t?.expDate,
      orgName: t?.orgName,
      locationName: loc.locationName,
    });
  });

  r.post("/tokens/revoke", (req, res) => {
    const body = parse(schemas.revoke, req, res);
    if (!body) return;
    const t = state.tokens.get(body.cToken);
    if (!t) return void res.status(404).json({ error: "unknown token" });
    t.revoked = true;
    res.status(204).end();
  });

  // The token's expiry passes at Apple (the client still holds the file with its old date).
  r.post("/tokens/expire", (req, res) => {
    const body = parse(schemas.revoke, req, res);
    if (!body) return;
    const t = state.tokens.get(body.cToken);
    if (!t) return void res.status(404).json({ error: "unknown token" });
    t.expDate = formatAppleDate(new Date(Date.now() - 1000));
    res.status(204).end();
  });

  r.get("/config", (_req, res) => void res.json(state.config));
  r.patch("/config", (req, res) => {
    const body = parse(schemas.config, req, res);
    if (!body) return;
    const { limits, ...rest } = body;
    state.config = {
      ...state.config,
      ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as object),
      limits: { ...state.config.limits, ...limits },
    };
    res.json(state.config);
  });

  r.post("/faults", (req, res) => {
    const body = parse(schemas.fault, req, res);
    if (!body) return;
    const { count, ...rest } = body;
    const fault = { ...rest, remaining: count } as Fault;
    state.faults.push(fault);
    res.status(201).json({ queued: state.faults.length });
  });
  r.delete("/faults", (_req, res) => {
    state.faults = [];
    res.status(204).end();
  });

  r.get(
    "/locations",
    (_req, res) => void res.json([...state.locations.values()].map((l) => summary(state, l))),
  );
  r.get("/locations/:uId", (req, res) => {
    const loc = withLocation(req, res);
    if (loc) res.json(summary(state, loc));
  });

  r.post("/locations/:uId/scale", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.scale, req, res);
    if (!loc || !body) return;
    if (body.adamId !== undefined && loc.findAsset(body.adamId, body.pricingParam) === undefined) {
      return void res
        .status(400)
        .json({ error: `the location owns no ${body.adamId} (${body.pricingParam})` });
    }
    const added = scaleLocation(
      loc,
      body.assignments,
      body.adamId !== undefined ? { adamId: body.adamId, pricingParam: body.pricingParam } : undefined,
    );
    res.json({ added, assignments: loc.store.liveCount });
  });

  // Mutate a data set now (e.g. between two page requests) to move versionId and totalPages.
  r.post("/locations/:uId/churn", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.churn, req, res);
    if (!loc || !body) return;
    if (body.dataset === "assignments") {
      const assetIdx = loc.assets.findIndex((a) => a.deviceAssignable && a.unlimited);
      const first = loc.targets.addSynthetic(body.count);
      for (let i = 0; i < body.count; i++) loc.assign(assetIdx, first + i);
    } else if (body.dataset === "users") {
      for (let i = 0; i < body.count; i++) {
        loc.addUser({
          clientUserId: crypto.randomUUID(),
          status: "Registered",
          inviteCode: crypto.randomUUID().replace(/-/g, ""),
        });
      }
    } else {
      loc.markChanged("assets");
    }
    loc.commit();
    res.json(summary(state, loc));
  });

  r.post("/locations/:uId/external", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.external, req, res);
    if (!loc || !body) return;
    res.json({ ...applyExternalChanges(state, loc, body), ...summary(state, loc) });
  });

  r.post("/locations/:uId/takeover", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.takeover, req, res);
    if (!loc || !body) return;
    loc.clientConfig.mdmInfo = body.mdmInfo ?? {
      id: crypto.randomUUID(),
      name: "Other MDM",
      metadata: "9.1.0",
    };
    res.json({ mdmInfo: loc.clientConfig.mdmInfo });
  });

  // A purchase, refund or transfer: moves total and available by countDelta, sends ASSET_COUNT.
  r.post("/locations/:uId/asset-count", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.assetCount, req, res);
    if (!loc || !body) return;
    const idx = loc.findAsset(body.adamId, body.pricingParam);
    const asset = idx === undefined ? undefined : loc.assets[idx];
    if (!asset)
      return void res
        .status(400)
        .json({ error: `the location owns no ${body.adamId} (${body.pricingParam})` });
    if (asset.unlimited)
      return void res.status(400).json({ error: "unlimited assets have no count to change" });
    if (loc.availableCount(asset) + body.countDelta < 0) {
      return void res
        .status(400)
        .json({ error: `only ${loc.availableCount(asset)} licences are available to remove` });
    }
    asset.totalCount += body.countDelta;
    loc.markChanged("assets");
    loc.commit();
    state.notifier.send(loc, "ASSET_COUNT", {
      adamId: asset.adamId,
      countDelta: body.countDelta,
      pricingParam: asset.pricingParam,
    });
    res.json({
      adamId: asset.adamId,
      totalCount: asset.totalCount,
      availableCount: loc.availableCount(asset),
    });
  });

  r.post("/locations/:uId/accept-invitation", (req, res) => {
    const loc = withLocation(req, res);
    const body = loc && parse(schemas.accept, req, res);
    if (!loc || !body) return;
    if (!acceptInvitation(state, loc.uId, body.clientUserId)) {
      return void res.status(400).json({ error: "no registered user with that clientUserId" });
    }
    res.json({ clientUserId: body.clientUserId, status: loc.activeUsers.get(body.clientUserId)?.status });
  });

  r.get("/locations/:uId/holds", (req, res) => {
    // A direct read of who holds what (for tests that compare against the source of truth).
    const loc = withLocation(req, res);
    if (!loc) return;
    const adamId = typeof req.query.adamId === "string" ? req.query.adamId : undefined;
    const s = loc.store;
    const rows = s.select(
      (row) => adamId === undefined || loc.assets[s.asset[row] as number]?.adamId === adamId,
    );
    res.json(
      Array.from(rows, (row) => {
        const t = s.target[row] as number;
        const asset = loc.assets[s.asset[row] as number];
        return {
          adamId: asset?.adamId,
          pricingParam: asset?.pricingParam,
          [loc.targets.kind(t) === TargetKind.Serial ? "serialNumber" : "clientUserId"]: loc.targets.name(t),
        };
      }),
    );
  });

  r.get("/notifications", (req, res) => {
    const uId = typeof req.query.uId === "string" ? req.query.uId : undefined;
    res.json(state.notifier.log.filter((n) => uId === undefined || n.uId === uId));
  });

  r.get("/requests", (req, res) => {
    const uId = typeof req.query.uId === "string" ? req.query.uId : undefined;
    res.json(state.requestLog.filter((e) => uId === undefined || e.uId === uId));
  });
  r.delete("/requests", (_req, res) => {
    state.requestLog.length = 0;
    res.status(204).end();
  });

  r.use((_req, res) => void res.status(404).json({ error: "unknown sandbox control" }));
  return r;
}
