import type { Router } from "express";
import type { Logger } from "pino";
import type { JobSnapshot } from "../api-types.js";
import type { AuditLog } from "../audit/audit.js";
import { consoleUrl, type Config } from "../config.js";
import type { JobRunner } from "../jobs/runner.js";
import type { LocationService } from "../locations/service.js";
import type { ReclaimService } from "../reclaim/service.js";
import type { Db } from "../store/db.js";
import type { SecretBox } from "../store/secret-box.js";
import type { SyncService } from "../sync/service.js";
import { Deliverer } from "../webhooks/deliverer.js";
import { webhookRoutes } from "../webhooks/routes.js";
import { WebhookStore } from "../webhooks/webhook-store.js";
import { AlertStore } from "./alert-store.js";
import { AlertMailer } from "./mailer.js";
import { alertRoutes } from "./routes.js";
import { AlertService } from "./service.js";

/** Alerts and outbound events, wired to what they watch: jobs, locations, the copy. */
export function createAlerts(deps: {
  config: Config;
  db: Db;
  box: SecretBox;
  logger: Logger;
  audit: AuditLog;
  locations: LocationService;
  sync: SyncService;
  runner: JobRunner;
  reclaim: ReclaimService;
}) {
  const { config, db, logger, locations, runner } = deps;
  const publicUrl = () => consoleUrl(config);
  const store = new AlertStore(db);
  const hooks = new WebhookStore(db, deps.box);
  const deliverer = new Deliverer({ hooks, logger, retryBaseMs: config.WEBHOOK_RETRY_MS, publicUrl });
  const mailer = new AlertMailer({
    db,
    alerts: store,
    logger,
    smtpUrl: config.SMTP_URL,
    from: config.ALERT_MAIL_FROM,
    publicUrl,
  });
  const service = new AlertService({ db, store, locations, sync: deps.sync, mailer, deliverer, logger });

  const where = (id: string) => locations.get(id).locationName;
  const jobEvent = (s: JobSnapshot) => ({
    link: `/l/${s.locationId}/jobs/${s.id}`,
    data: {
      jobId: s.id,
      type: s.type,
      state: s.state,
      locationId: s.locationId,
      requests: s.plan.requests,
      numRequested: s.numRequested,
      numCompleted: s.numCompleted,
      failures: s.failures.length,
    },
  });
  // At the start Apple has confirmed nothing yet: the event says what is planned, not what was done.
  runner.on("started", (s) =>
    deliverer.emit("job.started", {
      title: `A job started at ${where(s.locationId)}: ${s.type}`,
      text: `${s.plan.requests.toLocaleString("en-US")} request${s.plan.requests === 1 ? "" : "s"} to Apple planned, asked for by ${s.requestedBy}.`,
      ...jobEvent(s),
    }),
  );
  runner.on("finished", (s) => {
    deliverer.emit("job.finished", {
      title: `A job at ${where(s.locationId)} ended: ${s.type}, ${s.state}`,
      text: `${s.numCompleted.toLocaleString("en-US")} of ${s.numRequested.toLocaleString("en-US")} done, ${s.failures.length.toLocaleString("en-US")} failed.`,
      ...jobEvent(s),
    });
    // The copy has the job's counts now: a title it used up alerts at once, not at the next tick.
    void service.tick();
  });
  const locationEvent = (event: "location.added" | "location.renewed") => (id: string) => {
    const l = locations.get(id);
    deliverer.emit(event, {
      title: `${l.locationName} was ${event === "location.added" ? "added" : "renewed"}`,
      text: `${l.orgName} · ${l.locationName}: the token is valid until ${l.expDate.slice(0, 10)}.`,
      link: `/l/${id}`,
      data: { locationId: id, orgName: l.orgName, locationName: l.locationName, expDate: l.expDate },
    });
  };
  deps.reclaim.onDryRun((rule, run) => {
    deliverer.emit("reclaim.preview", {
      title: `“${rule.name}” at ${where(rule.locationId)} found ${run.count.toLocaleString("en-US")} licences to take back`,
      text: run.reclaimId
        ? "The rule takes them back by itself (automatic take-back is on)."
        : "A dry run: nothing was taken back.",
      link: `/l/${rule.locationId}/reclaim/rules/${rule.id}`,
      data: {
        ruleId: rule.id,
        locationId: rule.locationId,
        count: run.count,
        value: run.value,
        reclaimId: run.reclaimId ?? null,
      },
    });
    void service.tick();
  });
  locations.on("taken-over", (id) => {
    const l = locations.get(id);
    const mdm = l.mdmInfo?.name ?? "another MDM";
    deliverer.emit("location.taken-over", {
      title: `${mdm} took ${l.locationName} over`,
      text: `Apple now names ${mdm} as the manager of ${l.orgName} · ${l.locationName}; jobs there pause until an admin claims it back or confirms.`,
      link: `/l/${id}`,
      data: { locationId: id, orgName: l.orgName, locationName: l.locationName, mdm: l.mdmInfo ?? null },
    });
    void service.tick();
  });
  locations.on("added", locationEvent("location.added"));
  locations.onRenewed(locationEvent("location.renewed"));

  const routes: Router[] = [
    alertRoutes({ db, store, locations, mailer, audit: deps.audit, evaluate: () => service.tick() }),
    webhookRoutes({ hooks, deliverer, audit: deps.audit }),
  ];
  return { service, store, hooks, deliverer, mailer, routes };
}
