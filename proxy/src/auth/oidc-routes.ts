import express, { type Request, type Response, type Router } from "express";
import type { Logger } from "pino";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import type { SecretBox } from "../store/secret-box.js";
import type { Accounts } from "./accounts.js";
import { readCookie, setSessionCookie } from "./middleware.js";
import { FLOW_TTL_MS, safeNext, type OidcFlow, type OidcSignIn } from "./oidc.js";
import type { Sessions } from "./sessions.js";

export const FLOW_COOKIE = "vppc_oidc";
const FLOW_CONTEXT = "oidc-flow";

/** Why a single sign-on ended on the sign-in page; the page says each in words. */
export type SsoProblem = "unreachable" | "expired" | "refused" | "failed" | "no-access" | "disabled";

/**
 * Single sign-on: GET /api/oidc/start sends the browser to the identity provider; the provider
 * sends it back to GET /api/oidc/callback, which signs the person in (or explains on the sign-in
 * page why not). Both are page navigations, so they answer with redirects, not JSON.
 */
export function oidcRoutes(deps: {
  /** Undefined when single sign-on is not set up: both routes then say so. */
  oidc: OidcSignIn | undefined;
  accounts: Accounts;
  sessions: Sessions;
  box: SecretBox;
  audit: AuditLog;
  logger: Logger;
}): Router {
  const { accounts, sessions, box, audit, logger } = deps;
  const r = express.Router();
  const sso = (): OidcSignIn => {
    if (!deps.oidc)
      throw new ApiError(404, "SSO_OFF", "Single sign-on is not set up on this console (OIDC_ISSUER).");
    return deps.oidc;
  };
  const toSignIn = (res: Response, problem: SsoProblem, next = "/") =>
    res.redirect(303, `/sign-in?sso=${problem}${next === "/" ? "" : `&from=${encodeURIComponent(next)}`}`);

  r.get("/oidc/start", async (req, res) => {
    const oidc = sso();
    const next = safeNext(req.query.next);
    let started;
    try {
      started = await oidc.start(next);
    } catch (err) {
      logger.error(
        { err: { message: (err as Error).message } },
        "the identity provider could not be reached",
      );
      return toSignIn(res, "unreachable", next);
    }
    res.cookie(FLOW_COOKIE, box.seal(JSON.stringify(started.flow), FLOW_CONTEXT).toString("base64url"), {
      httpOnly: true,
      // The provider's redirect back is a navigation from its site: a Strict cookie would stay behind.
      sameSite: "lax",
      secure: req.secure || req.app.get("secure cookies") === true,
      path: "/api/oidc",
      maxAge: FLOW_TTL_MS,
    });
    res.redirect(303, started.url);
  });

  r.get("/oidc/callback", async (req, res) => {
    const oidc = sso();
    const flow = flowOf(req, box);
    res.clearCookie(FLOW_COOKIE, { path: "/api/oidc", httpOnly: true, sameSite: "lax" });
    const address = req.ip ?? "unknown";
    if (!flow) return toSignIn(res, "expired");
    if (typeof req.query.error === "string") {
      audit.record("sso", "session.sign-in", null, "refused", {
        reason: "provider",
        error: req.query.error,
        address,
      });
      return toSignIn(res, "refused", flow.next);
    }
    let person;
    try {
      person = await oidc.finish(new URL(req.originalUrl, oidc.settings.redirectUri), flow);
    } catch (err) {
      // The provider's words (a state mismatch, a bad code) go to the log; never a token.
      logger.warn({ err: { message: (err as Error).message } }, "single sign-on could not be completed");
      audit.record("sso", "session.sign-in", null, "refused", { reason: "failed", address });
      return toSignIn(res, "failed", flow.next);
    }
    if (!person.role) {
      audit.record(person.username, "session.sign-in", null, "refused", {
        reason: "no-group",
        via: "oidc",
        address,
      });
      return toSignIn(res, "no-access");
    }
    const account = accounts.fromSso(person.subject, person.username, person.role);
    if (account.disabled) {
      audit.record(account.username, "session.sign-in", null, "refused", {
        reason: "disabled",
        via: "oidc",
        address,
      });
      return toSignIn(res, "disabled");
    }
    setSessionCookie(req, res, sessions.create(account.id));
    audit.record(account.username, "session.sign-in", null, "ok", {
      via: "oidc",
      role: account.role,
      address,
    });
    res.redirect(303, flow.next);
  });

  return r;
}

/** The flow this browser started, if its cookie is ours, intact and not older than 10 minutes. */
function flowOf(req: Request, box: SecretBox): OidcFlow | undefined {
  const raw = readCookie(req, FLOW_COOKIE);
  if (!raw) return undefined;
  try {
    const flow = JSON.parse(box.open(Buffer.from(raw, "base64url"), FLOW_CONTEXT)) as OidcFlow;
    return flow.expiresAt > Date.now() ? flow : undefined;
  } catch {
    return undefined;
  }
}
