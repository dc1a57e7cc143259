import express, { type Router } from "express";
import type { AuditLog } from "../audit/audit.js";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { webhookInputSchema } from "../contract/alerts.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { Deliverer } from "./deliverer.js";
import type { WebhookStore } from "./webhook-store.js";

/** Admins: webhooks (the signing secret is in the creation answer only) and each one's delivery log. */
export function webhookRoutes(deps: { hooks: WebhookStore; deliverer: Deliverer; audit: AuditLog }): Router {
  const { hooks, deliverer, audit } = deps;
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

  // A test post to this webhook alone, sent now (retried like any other when refused); the answer
  // is its delivery: taken, or what went wrong and when it is tried again.
  r.post("/webhooks/:id/test", requireRole("admin"), async (req, res) => {
    const actor = requireAccount(res);
    const hook = known(req.params.id);
    deliverer.emit(
      "webhook.test",
      {
        title: "A test from vpp-console",
        text: `${actor.username} sent this to check that “${hook.name}” receives the console's posts.`,
        link: "/alerts",
        data: { webhookId: hook.id, sentBy: actor.username },
      },
      hook.id,
    );
    await deliverer.flush();
    const delivery = hooks.deliveries(hook.id, 1)[0];
    audit.record(
      actor.username,
      "webhook.test",
      hook.id,
      delivery?.status === "delivered" ? "ok" : "failed",
      {
        name: hook.name,
        lastStatus: delivery?.lastStatus ?? null,
      },
    );
    res.json(delivery);
  });

  r.get("/webhooks/:id/deliveries", requireRole("admin"), (req, res) => {
    const hook = known(req.params.id);
    res.json({ items: hooks.deliveries(hook.id) });
  });

  return r;
}
