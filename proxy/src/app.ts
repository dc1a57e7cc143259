import fs from "node:fs";
import path from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { ServiceConfigCache } from "./apple/service-config.js";
import { AuditLog } from "./audit/audit.js";
import { Accounts } from "./auth/accounts.js";
import { requireRole, requireSession, sameOriginOnly, sessionReader } from "./auth/middleware.js";
import { accountRoutes } from "./auth/account-routes.js";
import { ApiTokens } from "./auth/api-tokens.js";
import { tokenRoutes } from "./auth/token-routes.js";
import { ssoFrom } from "./auth/oidc.js";
import { oidcRoutes } from "./auth/oidc-routes.js";
import { authRoutes } from "./auth/routes.js";
import { Sessions } from "./auth/sessions.js";
import type { Config } from "./config.js";
import { forwardRoutes } from "./forward/routes.js";
import { ApiError, toApiError } from "./http/errors.js";
import { requestLog } from "./http/request-log.js";
import { locationRoutes } from "./locations/routes.js";
import { LocationService } from "./locations/service.js";
import { MetadataService } from "./metadata/service.js";
import { exportRoutes } from "./export/routes.js";
import { jobRoutes } from "./jobs/routes.js";
import { JobRunner } from "./jobs/runner.js";
import { JobService } from "./jobs/service.js";
import { JobStore } from "./jobs/store.js";
import type { Sandbox } from "./sandbox/sandbox.js";
import { peopleRoutes } from "./people/routes.js";
import { createAlerts } from "./alerts/create.js";
import { healthRoutes } from "./http/health.js";
import { consoleMetrics } from "./metrics/console-metrics.js";
import { jobSeconds } from "./metrics/metrics.js";
import { openApiDocument } from "./openapi/document.js";
import type { AlertService } from "./alerts/service.js";
import { reclaimRoutes } from "./reclaim/routes.js";
import { ReclaimService } from "./reclaim/service.js";
import { PeopleService } from "./people/service.js";
import { NotificationInbox } from "./sync/notifications.js";
import { copyRoutes } from "./sync/routes.js";
import { SyncService } from "./sync/service.js";
import type { Db } from "./store/db.js";
import type { SecretBox } from "./store/secret-box.js";

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  box: SecretBox;
  sandbox?: Sandbox;
  /** The embedded sandbox's Apple base URL, known once the server listens. */
  sandboxBaseUrl: () => string | undefined;
  version?: string;
}

export interface AppServices {
  accounts: Accounts;
  sessions: Sessions;
  tokens: ApiTokens;
  audit: AuditLog;
  locations: LocationService;
  serviceConfig: ServiceConfigCache;
  runner: JobRunner;
  sync: SyncService;
  inbox: NotificationInbox;
  reclaim: ReclaimService;
  alerts: AlertService;
}

/** The console's HTTP app: middleware, routes and the error handler — no listen. */
export function createApp(deps: AppDeps): { app: Express; services: AppServices; api: express.Router } {
  const { config, logger, db, box, sandbox } = deps;
  const timeoutMs = config.UPSTREAM_TIMEOUT_MS;
  const audit = new AuditLog(db);
  const accounts = new Accounts(db);
  const sessions = new Sessions(db, {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    maxMs: config.SESSION_MAX_HOURS * 3600_000,
  });
  const tokens = new ApiTokens(db);
  const serviceConfig = new ServiceConfigCache(timeoutMs, config.SERVICE_CONFIG_TTL_MS);
  const locations = new LocationService({
    db,
    box,
    audit,
    logger,
    serviceConfig,
    appleBaseUrl: config.VPP_BASE_URL,
    sandboxBaseUrl: deps.sandboxBaseUrl,
    ...(sandbox
      ? {
          demoToken: () =>
            sandbox.state.mintToken(
              sandbox.state.createLocation({ locationName: "Lincoln High School" }),
              {},
            ),
        }
      : {}),
    timeoutMs,
    version: deps.version ?? "0.1.0",
  });
  const metadata = new MetadataService({ db, locations, serviceConfig, timeoutMs });
  const jobStore = new JobStore(db);
  const runner = new JobRunner({
    store: jobStore,
    locations,
    audit,
    logger,
    // Apple asks for ≥ 30 s between polls while PENDING; the sandbox answers at once, so faster.
    resendAfterMs: config.EVENT_RESEND_MS,
    serviceConfig,
    pollMs: (upstream) =>
      upstream === "sandbox" ? Math.min(config.STATUS_POLL_MS, 1000) : config.STATUS_POLL_MS,
  });
  const jobs = new JobService({ store: jobStore, runner, locations, serviceConfig, audit, db });
  const sync = new SyncService({
    db,
    locations,
    logger,
    settings: {
      intervalMs: config.SYNC_INTERVAL_MS,
      fullIntervalMs: config.SYNC_FULL_INTERVAL_MS,
      concurrency: config.SYNC_CONCURRENCY,
    },
  });
  const people = new PeopleService({ db, locations, jobs, serviceConfig, audit });
  runner.on("finished", (s) => people.applyJob(s));
  const reclaim = new ReclaimService({
    db,
    jobs,
    jobStore,
    locations,
    audit,
    logger,
    names: (locationId, ids) => metadata.get(locationId, ids),
  });
  const inbox = new NotificationInbox({ db, sync, locations, logger, publicUrl: config.PUBLIC_URL });
  if (config.SYNC) {
    runner.on("finished", (s) => sync.applyJob(s));
    sync.onSynced((locationId, kind) => {
      if (kind === "delta") return;
      // Names make the copy searchable; notifications keep it current between deltas.
      const ids = [...new Set(sync.copy.adamIds(locationId))];
      void metadata.get(locationId, ids).catch(() => undefined);
      if (kind === "import") void inbox.register(locationId).catch(() => undefined);
    });
  }

  runner.on("finished", (s) => {
    if (s.startedAt && s.finishedAt)
      jobSeconds.observe(
        { type: s.type, state: s.state },
        (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000,
      );
  });
  // After the copy's own job listener: alerts see a job's counts once the copy has them.
  const alerts = createAlerts({ config, db, box, logger, audit, locations, sync, runner, reclaim });

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy: the client's address (sign-in limits, logs) and https come from its headers.
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  const https = config.PUBLIC_URL?.startsWith("https:") ?? false;
  app.set("secure cookies", https);
  app.set("etag", false);
  app.use(requestLog(logger));

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Icons come through the console (/api/locations/:id/icons/:adamId): no image host here.
          imgSrc: ["'self'", "data:"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      // HSTS only where the console is served over https (PUBLIC_URL), never on a plain-http start.
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      // Same-origin form posts (the assets CSV) then carry a real Origin; other sites get nothing.
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  if (sandbox) {
    // The embedded sandbox answers Apple's paths like Apple (with a token); its test controls
    // (faults, tokens, takeovers) are an admin's, behind a session like the console's own API.
    app.use("/sandbox/_sandbox", sessionReader(sessions), sameOriginOnly, requireRole("admin"));
    app.use("/sandbox", sandbox.app);
  }

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  api.use(healthRoutes({ db, appleBaseUrl: config.VPP_BASE_URL, sandbox: !!sandbox }));
  api.get("/openapi.json", (_req, res) => void res.json(openApiDocument()));
  // Apple's notifications: no session, their own credentials (the per-location key and secret).
  api.post("/notifications/:key", express.json({ limit: "1mb" }), (req, res) => {
    const { duplicate } = inbox.receive(String(req.params.key), req.headers.authorization, req.body);
    res.status(200).json({ received: true, duplicate });
  });
  const sso = ssoFrom(config, logger);
  api.use(oidcRoutes({ oidc: sso, accounts, sessions, box, audit, logger }));
  api.use(sessionReader(sessions, tokens));
  api.use(sameOriginOnly);
  api.use(requireSession);
  const signIn = { local: config.LOCAL_SIGN_IN, sso: sso ? config.OIDC_NAME : null };
  api.use(authRoutes({ accounts, sessions, audit, signIn }));
  api.use(accountRoutes({ accounts, sessions, audit }));
  api.use(tokenRoutes({ tokens, audit }));
  api.use(forwardRoutes({ locations, logger, timeoutMs }));
  api.use(locationRoutes({ locations, metadata }));
  api.use(exportRoutes({ db, copy: sync.copy, locations, metadata, logger }));
  api.use(copyRoutes({ db, locations, sync }));
  api.use(jobRoutes({ jobs, runner, store: jobStore, locationExists: (id) => void locations.get(id) }));
  api.use(peopleRoutes({ people, jobs, locations }));
  api.use(reclaimRoutes({ reclaim, locations }));
  for (const routes of alerts.routes) api.use(routes);
  const metrics = consoleMetrics(db);
  api.get("/metrics", requireRole("admin"), async (_req, res) => {
    res.setHeader("Content-Type", metrics.contentType);
    res.end(await metrics.metrics());
  });
  api.get("/audit", requireRole("admin"), (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 200, 1), 1000);
    const before = req.query.before !== undefined ? Number(req.query.before) : undefined;
    res.json(audit.list(limit, before));
  });
  api.use((_req, _res, next) => next(new ApiError(404, "NOT_FOUND", "No such API endpoint.")));
  app.use("/api", api);

  const index = path.join(config.WEB_DIST, "index.html");
  if (fs.existsSync(index)) {
    app.use(express.static(config.WEB_DIST, { index: false, maxAge: "1h" }));
    app.get("/{*splat}", (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(index);
    });
  } else {
    logger.warn({ dir: config.WEB_DIST }, "web app not built; run `pnpm build` to serve the console");
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toApiError(err);
    if (known) {
      if (known.retryAfterSeconds !== undefined)
        res.setHeader("Retry-After", String(known.retryAfterSeconds));
      return void res.status(known.status).json(known.body());
    }
    const e = err as { status?: number; type?: string };
    if (e.type === "entity.too.large") {
      return void res
        .status(400)
        .json(
          new ApiError(
            400,
            "TOO_LARGE",
            "The request body is too large (a token file is at most 64 KiB).",
          ).body(),
        );
    }
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
      return void res
        .status(400)
        .json(new ApiError(400, "BAD_REQUEST", "The request could not be read.").body());
    }
    (req.log ?? logger).error({ err, method: req.method, path: req.path }, "unhandled error");
    res.status(500).json(new ApiError(500, "INTERNAL", "Something went wrong on the server.").body());
  });
  return {
    app,
    api,
    services: {
      accounts,
      sessions,
      tokens,
      audit,
      locations,
      serviceConfig,
      runner,
      sync,
      inbox,
      reclaim,
      alerts: alerts.service,
    },
  };
}
