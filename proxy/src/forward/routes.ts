import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Router } from "express";
import { createProxyMiddleware, responseInterceptor } from "http-proxy-middleware";
import type { Logger } from "pino";
import { AppleApiError, defaultUrl, readAnswer, type UpstreamTarget } from "../apple/client.js";
import { ApiError, toApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import { appleRequests, endpointOf } from "../metrics/metrics.js";
import { allowedPath } from "./allowlist.js";

const PREFIX = /^\/api\/locations\/[^/?]+\/vpp\//;

/**
 * Read-only forwarding of allowlisted GETs to Apple (or the sandbox) with the location's token
 * injected here; the browser's cookies and Authorization never go up, Set-Cookie never comes down.
 */
export function forwardRoutes(deps: {
  locations: LocationService;
  logger: Logger;
  timeoutMs: number;
}): Router {
  const r = express.Router();
  const targets = new WeakMap<IncomingMessage, UpstreamTarget & { path: string; search: string }>();

  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    changeOrigin: true,
    ignorePath: true,
    xfwd: false,
    proxyTimeout: deps.timeoutMs,
    selfHandleResponse: true,
    router: (req) => {
      const t = targets.get(req);
      if (!t) throw new Error("forward target missing");
      return `${t.urlFor?.(t.path) ?? defaultUrl(t.baseUrl, t.path)}${t.search}`;
    },
    on: {
      proxyReq: (proxyReq, req) => {
        const t = targets.get(req);
        for (const h of [
          "cookie",
          "authorization",
          "origin",
          "referer",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
        ]) {
          proxyReq.removeHeader(h);
        }
        proxyReq.setHeader("accept", "application/json");
        if (t) proxyReq.setHeader("authorization", `Bearer ${t.token}`);
      },
      proxyRes: responseInterceptor(async (buffer, proxyRes, req, res) => {
        res.removeHeader("set-cookie");
        const t = targets.get(req);
        if (!t) throw new Error("forward target missing");
        try {
          const retryAfter = proxyRes.headers["retry-after"] as string | undefined;
          readAnswer(t, endpointOf(t.path), proxyRes.statusCode ?? 502, retryAfter, buffer.toString("utf8"));
          return buffer;
        } catch (err) {
          // Apple moved the endpoint (9634): read service config again so the next call follows it.
          if (err instanceof AppleApiError && err.error.errorNumber === 9634) await t.reloadUrls?.();
          const api = toApiError(err);
          if (!api) throw err;
          res.statusCode = api.status;
          res.removeHeader("retry-after");
          if (api.retryAfterSeconds !== undefined)
            res.setHeader("Retry-After", String(api.retryAfterSeconds));
          res.setHeader("content-type", "application/json; charset=utf-8");
          return JSON.stringify(api.body());
        }
      }),
      error: (err, req, res) => {
        const timeout = /timeout|ETIMEDOUT|ECONNRESET|socket hang up/i.test(
          String((err as NodeJS.ErrnoException).code ?? err.message),
        );
        const t = targets.get(req);
        appleRequests.inc({ endpoint: endpointOf(t?.path ?? ""), status: timeout ? "timeout" : "network" });
        deps.logger.warn({ code: (err as NodeJS.ErrnoException).code }, "forwarding failed");
        const api = timeout
          ? new ApiError(
              504,
              "UPSTREAM_TIMEOUT",
              `Apple did not answer within ${Math.round(deps.timeoutMs / 1000)} s.`,
            )
          : new ApiError(502, "APPLE_UNREACHABLE", "Apple's service could not be reached.");
        if ("writeHead" in res && !res.headersSent) {
          res.writeHead(api.status, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify(api.body()));
        } else res.end();
      },
    },
  });

  r.all("/locations/:id/vpp/{*rest}", async (req, res, next) => {
    if (req.method !== "GET") {
      throw new ApiError(405, "READ_ONLY", "Only reading is forwarded to Apple; changes go through jobs.");
    }
    const path = allowedPath(req.originalUrl, PREFIX);
    if (!path)
      throw new ApiError(404, "NOT_FORWARDED", "That Apple endpoint is not available through the console.");
    const t = deps.locations.usableTarget(String(req.params.id), "Apple cannot be asked");
    let release: () => void;
    try {
      release = await t.gate.acquire();
    } catch (err) {
      throw toApiError(err) ?? err;
    }
    res.on("close", release);
    const q = req.originalUrl.indexOf("?");
    targets.set(req, { ...t, path, search: q === -1 ? "" : req.originalUrl.slice(q) });
    await proxy(req, res, next);
  });
  return r;
}
