import express, { type Router } from "express";
import type { AuditLog } from "../audit/audit.js";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { alertChannelsSchema, alertReadSchema, alertSettingsSchema } from "../contract/alerts.js";
import { validate } from "../http/validate.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import type { AlertStore } from "./alert-store.js";
import { forecastsOf } from "./forecast.js";
import type { AlertMailer } from "./mailer.js";

/** The notification centre (everyone), each location's alert settings, and where alerts go (admins). */
export function alertRoutes(deps: {
  db: Db;
  store: AlertStore;
  locations: LocationService;
  mailer: AlertMailer;
  audit: AuditLog;
  /** One pass of every location's conditions (resolves when it is done). */
  evaluate: () => Promise<void>;
}): Router {
  const { store, locations, mailer, audit } = deps;
  const r = express.Router();

  r.get("/alerts", (req, res) => {
    const me = requireAccount(res);
    res.json(store.list(me.id, { unreadOnly: req.query.unread === "1" }));
  });

  r.post("/alerts/read", express.json({ limit: "32kb" }), (req, res) => {
    const me = requireAccount(res);
    const { ids } = validate(alertReadSchema, req.body ?? {});
    store.markRead(me.id, ids);
    res.json({ unread: store.list(me.id, { limit: 0 }).unread });
  });

  r.get(
    "/alerts/channels",
    requireRole("admin"),
    (_req, res) => void res.json({ ...store.channels(), smtp: mailer.configured }),
  );

  r.put("/alerts/channels", requireRole("admin"), express.json({ limit: "16kb" }), (req, res) => {
    const actor = requireAccount(res);
    const channels = validate(alertChannelsSchema, req.body);
    store.saveChannels(channels);
    audit.record(actor.username, "alerts.channels", null, "ok", {
      recipients: channels.emailTo.length,
      digest: channels.digest,
    });
    res.json({ ...channels, smtp: mailer.configured });
  });

  // "0 left in ~N days" for each limited title that is being taken, and how that was worked out.
  r.get("/locations/:id/forecasts", (req, res) => {
    const id = locations.get(String(req.params.id)).id;
    const items = [...forecastsOf(deps.db, { id })].map(([key, f]) => {
      const [adamId, pricingParam] = key.split(":") as [string, string];
      return { adamId, pricingParam, ...f };
    });
    res.json({ items: items.sort((a, b) => a.daysLeft - b.daysLeft) });
  });

  r.get("/locations/:id/alerts/settings", (req, res) => {
    const id = locations.get(String(req.params.id)).id;
    res.json(store.settingsOf(id));
  });

  r.put(
    "/locations/:id/alerts/settings",
    requireRole("admin"),
    express.json({ limit: "8kb" }),
    (req, res) => {
      const actor = requireAccount(res);
      const id = locations.get(String(req.params.id)).id;
      const settings = validate(alertSettingsSchema, req.body);
      store.saveSettings(id, settings);
      audit.record(actor.username, "alerts.settings", id, "ok", settings);
      deps.evaluate();
      res.json(settings);
    },
  );

  return r;
}
