import express, { type Router } from "express";
import { apiTokenInputSchema } from "../contract/api-tokens.js";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { ApiTokens } from "./api-tokens.js";
import { requireAccount, requireRole, requireSignedInPerson } from "./middleware.js";

/**
 * API tokens, an admin's: list, create (the token is in this one answer and never again), revoke.
 * Minting needs a signed-in person (a leaked token cannot make more), and no token gets more
 * rights than its maker holds.
 */
export function tokenRoutes(deps: { tokens: ApiTokens; audit: AuditLog }): Router {
  const { tokens, audit } = deps;
  const r = express.Router();

  r.get("/tokens", requireRole("admin"), (_req, res) => void res.json({ items: tokens.list() }));

  r.post(
    "/tokens",
    requireSignedInPerson,
    requireRole("admin"),
    express.json({ limit: "2kb" }),
    (req, res) => {
      const actor = requireAccount(res);
      const input = validate(apiTokenInputSchema, req.body);
      const { token, view } = tokens.create(actor, input);
      audit.record(actor.username, "token.create", view.id, "ok", {
        name: view.name,
        role: view.role,
        prefix: view.prefix,
        expiresAt: view.expiresAt,
      });
      res.status(201).json({ ...view, token });
    },
  );

  r.delete("/tokens/:tokenId", requireRole("admin"), (req, res) => {
    const actor = requireAccount(res);
    const id = String(req.params.tokenId);
    const known = tokens.get(id);
    if (!known) throw new ApiError(404, "TOKEN_NOT_FOUND", "There is no such API token.");
    const revoked = tokens.revoke(id);
    audit.record(actor.username, "token.revoke", id, "ok", { name: known.name, already: !revoked });
    res.status(204).end();
  });

  return r;
}
