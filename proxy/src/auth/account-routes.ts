import crypto from "node:crypto";
import express, { type Router } from "express";
import { z } from "zod";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { Accounts } from "./accounts.js";
import {
  clearSessionCookie,
  requireAccount,
  requireRole,
  requireSignedInPerson,
  setSessionCookie,
} from "./middleware.js";
import { verifyPassword } from "./passwords.js";
import type { Sessions } from "./sessions.js";

const password = z.string().min(12, "at least 12 characters").max(1024);
export const newAccountSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w.@-]+$/, "letters, digits, . _ @ - only"),
  password,
  role: z.enum(["admin", "viewer"]),
});
export const accountChangeSchema = z.strictObject({
  role: z.enum(["admin", "viewer"]).optional(),
  disabled: z.boolean().optional(),
});
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: password,
});

/**
 * Accounts: admins create, change role, switch off, reset and delete others (never their own, so an
 * admin who can sign in always remains); everyone changes their own password.
 */
export function accountRoutes(deps: { accounts: Accounts; sessions: Sessions; audit: AuditLog }): Router {
  const { accounts, sessions, audit } = deps;
  const r = express.Router();
  const other = (res: express.Response, id: number, what: string) => {
    const actor = requireAccount(res);
    if (id === actor.id)
      throw new ApiError(400, "OWN_ACCOUNT", `You cannot ${what} the account you are signed in with.`);
    const target = accounts.get(id);
    if (!target) throw new ApiError(404, "ACCOUNT_NOT_FOUND", "There is no such account.");
    return { actor, target };
  };

  r.get("/accounts", requireRole("admin"), (_req, res) => void res.json(accounts.list()));

  r.post("/accounts", requireRole("admin"), express.json({ limit: "4kb" }), async (req, res) => {
    const actor = requireAccount(res);
    const body = validate(newAccountSchema, req.body);
    if (accounts.findByName(body.username))
      throw new ApiError(409, "ACCOUNT_EXISTS", `There is already an account "${body.username}".`);
    const created = await accounts.create(body.username, body.password, body.role);
    audit.record(actor.username, "account.create", created.username, "ok", { role: created.role });
    res.status(201).json(created);
  });

  r.patch("/accounts/:id", requireRole("admin"), express.json({ limit: "1kb" }), (req, res) => {
    const body = validate(accountChangeSchema, req.body);
    const { actor, target } = other(res, Number(req.params.id), "change");
    accounts.update(target.id, body);
    if (body.disabled || body.role) sessions.revokeAccount(target.id); // takes effect now, not at next sign-in
    audit.record(actor.username, "account.update", target.username, "ok", body);
    res.json(accounts.list().find((a) => a.id === target.id));
  });

  // A new random password, shown once to the admin; the account's sessions end.
  r.post("/accounts/:id/reset-password", requireRole("admin"), async (_req, res) => {
    const { actor, target } = other(res, Number(_req.params.id), "reset");
    if (accounts.get(target.id)?.sso)
      throw new ApiError(
        409,
        "SSO_ACCOUNT",
        `${target.username} signs in with single sign-on and has no password here. Nothing changed.`,
      );
    const fresh = crypto.randomBytes(15).toString("base64url");
    await accounts.setPassword(target.id, fresh);
    sessions.revokeAccount(target.id);
    audit.record(actor.username, "account.reset-password", target.username, "ok");
    res.json({ username: target.username, password: fresh });
  });

  // Every session of another account ends now (a lost laptop); their password stays.
  r.post("/accounts/:id/sign-out", requireRole("admin"), (req, res) => {
    const { actor, target } = other(res, Number(req.params.id), "sign out");
    const ended = sessions.revokeAccount(target.id);
    audit.record(actor.username, "account.sign-out", target.username, "ok", { ended });
    res.json({ username: target.username, ended });
  });

  r.delete("/accounts/:id", requireRole("admin"), (req, res) => {
    const { actor, target } = other(res, Number(req.params.id), "delete");
    sessions.revokeAccount(target.id);
    accounts.remove(target.id);
    audit.record(actor.username, "account.delete", target.username, "ok");
    res.status(204).end();
  });

  // Everyone: their own password, with the current one; other sessions of the account end.
  r.post("/session/password", requireSignedInPerson, express.json({ limit: "4kb" }), async (req, res) => {
    const actor = requireAccount(res);
    const body = validate(passwordChangeSchema, req.body);
    const me = accounts.get(actor.id);
    if (!me || !(await verifyPassword(body.currentPassword, me.passwordHash))) {
      audit.record(actor.username, "account.password", actor.username, "refused", { reason: "bad-current" });
      throw new ApiError(400, "BAD_CURRENT_PASSWORD", "The current password is not right. Nothing changed.");
    }
    await accounts.setPassword(actor.id, body.newPassword);
    const current = res.locals.sessionId as string | undefined;
    sessions.revokeAccount(actor.id);
    if (current) setSessionCookie(req, res, sessions.create(actor.id));
    audit.record(actor.username, "account.password", actor.username, "ok");
    res.status(204).end();
  });

  // Everyone: sign out everywhere — every session of their account ends, this one too.
  r.delete("/sessions", requireSignedInPerson, (_req, res) => {
    const actor = requireAccount(res);
    const ended = sessions.revokeAccount(actor.id);
    clearSessionCookie(res);
    audit.record(actor.username, "session.sign-out-everywhere", actor.username, "ok", { ended });
    res.json({ ended });
  });
  return r;
}
