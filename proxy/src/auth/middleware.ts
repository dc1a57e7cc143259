import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ApiError } from "../http/errors.js";
import type { Account, Role } from "./accounts.js";
import type { ApiTokens } from "./api-tokens.js";
import type { Sessions } from "./sessions.js";

export const SESSION_COOKIE = "vpp_session";

/** Hands the browser a new session: HttpOnly, SameSite=Strict, Secure over TLS, expiring with it. */
export function setSessionCookie(
  req: Request,
  res: Response,
  session: { id: string; expiresAt: number },
): void {
  res.cookie(SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: "strict",
    // Secure over https, and always when the public address is https (the TLS may end at a proxy).
    secure: req.secure || req.app.get("secure cookies") === true,
    path: "/",
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "strict" });
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export const accountOf = (res: Response): Account | undefined => res.locals.account as Account | undefined;

/** The signed-in account, or a 401 (the SPA then sends the user to sign in). */
export function requireAccount(res: Response): Account {
  const account = accountOf(res);
  if (!account) throw new ApiError(401, "UNAUTHENTICATED", "Please sign in.");
  return account;
}

/**
 * The API token a request carries (`Authorization: Bearer vppc_…`), if any. Another Authorization
 * (a browser's own, Basic from a reverse proxy) is not ours: it is ignored, and never forwarded.
 */
export const bearerOf = (req: Request): string | undefined => {
  const m = /^Bearer\s+(vppc_\S*)$/i.exec(req.get("authorization") ?? "");
  return m?.[1];
};

/** The request's account: from an API token when it carries one (and then only), else the session cookie. */
export function sessionReader(sessions: Sessions, tokens?: ApiTokens): RequestHandler {
  return (req, res, next) => {
    const bearer = tokens ? bearerOf(req) : undefined;
    if (tokens && bearer !== undefined) {
      const account = tokens.resolve(bearer);
      if (!account)
        throw new ApiError(
          401,
          "INVALID_API_TOKEN",
          "The API token is not valid: unknown, revoked or expired, or its account is switched off.",
        );
      const { tokenId, tokenName, ...rest } = account;
      res.locals.account = rest;
      res.locals.apiToken = { id: tokenId, name: tokenName };
      return next();
    }
    const id = readCookie(req, SESSION_COOKIE);
    const account = id ? sessions.resolve(id) : undefined;
    if (account) {
      res.locals.account = account;
      res.locals.sessionId = id;
    }
    next();
  };
}

/** Every /api route needs a session, except health and signing in. */
export function requireSession(req: Request, res: Response, next: NextFunction): void {
  // The session check itself answers without a session ({signedIn: false}): a page opened before
  // sign-in has nothing to log as an error.
  if (req.path === "/health" || req.path === "/session") return next();
  requireAccount(res);
  next();
}

/** Routes a person must be signed in for: an API token cannot mint tokens or change a password. */
export function requireSignedInPerson(_req: Request, res: Response, next: NextFunction): void {
  requireAccount(res);
  if (res.locals.apiToken)
    throw new ApiError(403, "SESSION_ONLY", "This needs a signed-in person, not an API token.");
  next();
}

export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const account = requireAccount(res);
    if (role === "admin" && account.role !== "admin") {
      throw new ApiError(403, "FORBIDDEN", "Your account can view but not change anything. Ask an admin.");
    }
    next();
  };
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** State-changing requests from another origin are refused (CSRF), whatever the cookie. */
export function sameOriginOnly(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE.has(req.method)) return next();
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  const own = `${req.protocol}://${req.get("host")}`;
  if ((origin && origin !== own) || site === "cross-site" || site === "same-site") {
    throw new ApiError(403, "FOREIGN_ORIGIN", "This request came from another site and was refused.");
  }
  next();
}
