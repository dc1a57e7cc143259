import fs from "node:fs";
import path from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { Sandbox } from "./sandbox/sandbox.js";

export interface AppDeps {
  config: Config;
  logger: Logger;
  sandbox?: Sandbox;
}

export interface ApiErrorBody {
  error: { code: string; message: string; appleErrorNumber?: number };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly appleErrorNumber?: number,
  ) {
    super(message);
  }
}

/** The console's HTTP app: middleware, routes and the error handler — no listen. */
export function createApp({ config, logger, sandbox }: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);

  if (sandbox) app.use("/sandbox", sandbox.app);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", "data:", "https://*.mzstatic.com"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: false,
    }),
  );

  app.get("/api/health", (_req, res) => {
    res.json({ status: "ok", sandbox: !!sandbox });
  });

  app.use("/api", (_req, _res, next) => next(new ApiError(404, "NOT_FOUND", "No such API endpoint.")));

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
    if (err instanceof ApiError) {
      const body: ApiErrorBody = { error: { code: err.code, message: err.message } };
      if (err.appleErrorNumber !== undefined) body.error.appleErrorNumber = err.appleErrorNumber;
      return void res.status(err.status).json(body);
    }
    const status = (err as { status?: number }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return void res
        .status(status)
        .json({ error: { code: "BAD_REQUEST", message: "The request could not be read." } });
    }
    logger.error({ err, method: req.method, path: req.path }, "unhandled error");
    res.status(500).json({ error: { code: "INTERNAL", message: "Something went wrong on the server." } });
  });
  return app;
}
