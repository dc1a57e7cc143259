import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { appleError } from "../apple/errors.js";
import { AppleHttpError } from "./http.js";
import type { SandboxLocation } from "./location.js";
import { normaliseDate } from "./dates.js";
import type { Fault, SandboxState, TokenRecord } from "./state.js";

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

/**
 * A request that left the client before it could have read the Retry-After (already in flight)
 * is not punished: the sandbox gives such requests this long after the answer that set the wait.
 */
export const IN_FLIGHT_GRACE_MS = 250;

export interface Ctx {
  loc: SandboxLocation;
  token: TokenRecord;
}

/**
 * The request log says which credential came, never the credential itself:
 * "Bearer sha256:1a2b3c4d5e6f" (a cookie: "sha256:…").
 */
export function fingerprint(header: string): string {
  const m = /^(\S+) (.*)$/.exec(header);
  const hash = (v: string) => `sha256:${createHash("sha256").update(v).digest("hex").slice(0, 12)}`;
  return m && /^Bearer$/i.test(m[1] as string) ? `${m[1]} ${hash(m[2] as string)}` : hash(header);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Everything Apple checks before an endpoint runs: path and method, moved endpoints, Retry-After
 * windows (a request inside one is refused and the window lengthened, as Apple warns), injected
 * faults, the token, maxRequestPerSecond, read-only tokens and the content type.
 */
export function sandboxGuard(state: SandboxState, mount: "v2" | "v2-moved") {
  return async (req: Request, res: Response, next: NextFunction) => {
    const allowed = ENDPOINTS[req.path];
    if (!allowed) return void res.status(404).json(appleError(9602));
    if (!allowed.split(",").includes(req.method)) throw new AppleHttpError(9726);

    const arrived = Date.now();
    const { config } = state;
    const auth = req.get("authorization");
    const entry = state.logRequest({
      at: arrived,
      method: req.method,
      path: req.path,
      query: req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "",
      ...(auth !== undefined ? { authorization: fingerprint(auth) } : {}),
      ...(req.get("cookie") !== undefined ? { cookie: fingerprint(req.get("cookie") as string) } : {}),
      base: mount,
    });
    res.on("finish", () => (entry.status = res.statusCode));
    if (config.latencyMs > 0) await sleep(config.latencyMs);

    const bearer = /^Bearer (\S+)$/.exec(auth ?? "")?.[1];
    const token = bearer ? state.tokens.get(bearer) : undefined;
    const loc = token ? state.locations.get(token.uId) : undefined;
    if (loc) entry.uId = loc.uId;
    const windowKey = loc?.uId ?? "*";

    if (req.path !== "/service/config" && (mount === "v2-moved") !== config.endpointsMoved) {
      throw new AppleHttpError(9634);
    }

    const wait = state.retryWindows.get(windowKey);
    if (wait && arrived >= wait.since + IN_FLIGHT_GRACE_MS && arrived < wait.until) {
      entry.punished = true;
      wait.until += wait.seconds * 1000;
      const left = Math.ceil((wait.until - Date.now()) / 1000);
      throw new AppleHttpError(9729, undefined, 503, { "Retry-After": String(left) });
    }
    const refuse = (errorNumber: number, status: number, retryAfter: number | undefined) => {
      if (retryAfter === undefined) return new AppleHttpError(errorNumber as 9603, undefined, status);
      const now = Date.now();
      state.retryWindows.set(windowKey, { since: now, until: now + retryAfter * 1000, seconds: retryAfter });
      return new AppleHttpError(errorNumber as 9603, undefined, status, {
        "Retry-After": String(retryAfter),
      });
    };

    const fault = state.takeFault(req.method, req.path, loc?.uId);
    if (fault?.status !== undefined) {
      const errorNumber =
        fault.errorNumber ?? ({ 200: 9603, 429: 9646, 500: 9603, 503: 9729 } as const)[fault.status];
      throw refuse(errorNumber, fault.status, fault.retryAfter);
    }
    if (fault?.answer === "reset") return void req.socket.destroy();
    if (fault) res.locals.answerFault = fault;

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
    if (loc.requestTimes.length >= max) throw refuse(9646, 429, config.retryAfterOn429 ?? undefined);
    loc.requestTimes.push(now);

    if (req.method === "POST") {
      if (token.readOnly) throw new AppleHttpError(9637);
      const type = req.get("content-type") ?? "";
      if (!/^application\/json\b/i.test(type)) throw new AppleHttpError(9727);
    }
    state.advance(loc);
    res.locals.ctx = { loc, token } satisfies Ctx;
    next();
  };
}

/**
 * Faults on the answer of a request that Apple did carry out: the answer comes late (after the
 * client gave up), cut off mid-JSON, or without its eventId.
 */
export function answerFaults(_req: Request, res: Response, next: NextFunction): void {
  const fault = res.locals.answerFault as Fault | undefined;
  if (!fault || (fault.answer === undefined && fault.delayMs === undefined)) return next();
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    let out = body;
    if (
      fault.answer === "no-event-id" &&
      typeof body === "object" &&
      body !== null &&
      res.statusCode === 200
    ) {
      const { eventId: _dropped, ...rest } = body as Record<string, unknown>;
      out = rest;
    }
    const send = () => {
      if (res.destroyed) return;
      if (fault.answer !== "truncated") return void json(out);
      const text = JSON.stringify(out);
      res.type("application/json").send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    };
    if (fault.delayMs) setTimeout(send, fault.delayMs).unref();
    else send();
    return res;
  };
  next();
}
