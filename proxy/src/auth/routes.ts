import express, { type Router } from "express";
import { z } from "zod";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { Accounts } from "./accounts.js";
import { AttemptLimiter } from "./attempts.js";
import { accountOf, clearSessionCookie, setSessionCookie } from "./middleware.js";
import { DUMMY_HASH, verifyPassword } from "./passwords.js";
import type { Sessions } from "./sessions.js";

/** POST /api/session */
export const signInSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export function authRoutes(deps: {
  accounts: Accounts;
  sessions: Sessions;
  audit: AuditLog;
  /** How people sign in here: local accounts (on unless switched off), single sign-on (its name). */
  signIn: { local: boolean; sso: string | null };
}): Router {
  const { accounts, sessions, audit, signIn } = deps;
  const r = express.Router();
  const perUser = new AttemptLimiter(5, 15 * 60_000);
  const perAddress = new AttemptLimiter(20, 15 * 60_000);

  r.post("/session", express.json({ limit: "4kb" }), async (req, res) => {
    const { username, password } = validate(signInSchema, req.body);
    if (!signIn.local) {
      audit.record(username, "session.sign-in", null, "refused", { reason: "local-off", address: req.ip });
      throw new ApiError(
        403,
        "LOCAL_SIGN_IN_OFF",
        `Sign-in with a username and password is switched off here. Sign in with ${signIn.sso ?? "single sign-on"}.`,
      );
    }
    const userKey = username.toLowerCase();
    const addressKey = req.ip ?? "unknown";
    const wait = Math.max(perUser.blockedFor(userKey), perAddress.blockedFor(addressKey));
    if (wait > 0) {
      res.setHeader("Retry-After", String(wait));
      audit.record(username, "session.sign-in", null, "refused", {
        reason: "rate-limited",
        address: addressKey,
      });
      throw new ApiError(
        429,
        "TOO_MANY_ATTEMPTS",
        `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.`,
        undefined,
        wait,
      );
    }
    const account = accounts.findByName(username);
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (account?.disabled && ok) {
      audit.record(username, "session.sign-in", null, "refused", { reason: "disabled", address: addressKey });
      throw new ApiError(
        403,
        "ACCOUNT_DISABLED",
        "This account is switched off. Ask an admin to switch it on.",
      );
    }
    if (!account || !ok) {
      perUser.fail(userKey);
      perAddress.fail(addressKey);
      audit.record(username, "session.sign-in", null, "refused", {
        reason: "bad-credentials",
        address: addressKey,
      });
      throw new ApiError(401, "BAD_CREDENTIALS", "The username or password is not right.");
    }
    perUser.reset(userKey);
    setSessionCookie(req, res, sessions.create(account.id));
    audit.record(account.username, "session.sign-in", null, "ok", { address: addressKey });
    res.status(204).end();
  });

  r.get("/session", (_req, res) => {
    const a = accountOf(res);
    res.json(a ? { signedIn: true, username: a.username, role: a.role } : { signedIn: false, signIn });
  });

  r.delete("/session", (_req, res) => {
    const id = res.locals.sessionId as string | undefined;
    const a = accountOf(res);
    if (id) sessions.revoke(id);
    clearSessionCookie(res);
    if (a) audit.record(a.username, "session.sign-out", null, "ok");
    res.status(204).end();
  });

  return r;
}
