import express, { type Router } from "express";
import type { AuditLog } from "../audit/audit.js";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { webhookInputSchema } from "../contract/alerts.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { WebhookStore } from "./webhook-store.js";

/** Admins: webhooks (the signing secret is in the creation answer only) and each one's delivery log. */
export function webhookRoutes(deps: { hooks: WebhookStore; audit: AuditLog }): Router {
  const { hooks, audit } = deps;
  const r = express.Router();
  const known = (id: unknown) => {
    const hook = hooks.get(String(id));
    if (!hook) throw new ApiError(404, "WEBHOOK_NOT_FOUND", "There is no such webhook.");
    return hook;
  };

  r.get("/webhooks", requireRole("admin"), (_req, res) => void res.json({ items: hooks.list() }));

  r.post("/webhooks", requireRole("admin"), express.json({ limit: "8kb" }), (req, res) => {
    const actor = requireAccount(res);
    const input = validate(webhookInputSchema, req.body);
    const { view, secret } = hooks.create(input, actor.username);
    audit.record(actor.username, "webhook.create", view.id, "ok", {
      name: view.name,
      kind: view.kind,
      urlHint: view.urlHint,
      events: view.events,
    });
    res.status(201).json({ ...view, secret });
  });

  r.delete("/webhooks/:id", requireRole("admin"), (req, res) => {
    const actor = requireAccount(res);
    const hook = known(req.params.id);
    hooks.remove(hook.id);
    audit.record(actor.username, "webhook.delete", hook.id, "ok", { name: hook.name });
    res.status(204).end();
  });

  r.get("/webhooks/:id/deliveries", requireRole("admin"), (req, res) => {
    const hook = known(req.params.id);
    res.json({ items: hooks.deliveries(hook.id) });
  });

  return r;
}
