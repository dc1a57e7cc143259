import express, { type Router } from "express";
import { defaultUrl } from "../apple/service-config.js";
import type { Db } from "../store/db.js";

const APPLE_CHECK_EVERY_MS = 30_000;
const APPLE_TIMEOUT_MS = 5_000;

/**
 * Liveness (`/health`: the process answers) and readiness (`/ready`: the store answers and Apple's
 * service config can be read; Apple is asked at most every 30 s however often a balancer probes).
 */
export function healthRoutes(deps: { db: Db; appleBaseUrl: string; sandbox: boolean }): Router {
  const r = express.Router();
  let apple: { at: number; ok: boolean; detail: string } | undefined;
  let asking: Promise<void> | undefined;

  const askApple = async () => {
    let ok = false;
    let detail: string;
    try {
      const res = await fetch(defaultUrl(deps.appleBaseUrl, "service/config"), {
        signal: AbortSignal.timeout(APPLE_TIMEOUT_MS),
        redirect: "error",
      });
      await res.body?.cancel();
      ok = res.ok;
      detail = ok ? "ok" : `Apple's service config answered HTTP ${res.status}`;
    } catch (err) {
      detail =
        err instanceof Error && err.name === "TimeoutError"
          ? `Apple did not answer within ${APPLE_TIMEOUT_MS / 1000} s`
          : "Apple's service could not be reached";
    }
    apple = { at: Date.now(), ok, detail };
  };

  r.get("/health", (_req, res) => void res.json({ status: "ok", sandbox: deps.sandbox }));

  r.get("/ready", async (_req, res) => {
    let store = "ok";
    try {
      deps.db.prepare("SELECT 1").get();
    } catch {
      store = "the store does not answer";
    }
    if (!apple || Date.now() - apple.at >= APPLE_CHECK_EVERY_MS) {
      asking ??= askApple().finally(() => (asking = undefined));
      await asking;
    }
    const ready = store === "ok" && apple?.ok === true;
    res.status(ready ? 200 : 503).json({ ready, store, apple: apple?.detail ?? "not asked" });
  });

  return r;
}
