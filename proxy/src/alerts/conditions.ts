import type { LocationView, SyncStatus } from "../api-types.js";
import type { AlertRule, AlertSettings, AlertSeverity } from "../contract/alerts.js";
import type { RuleRun } from "../contract/reclaim.js";
import type { Db } from "../store/db.js";
import { forecastsOf, type Forecast } from "./forecast.js";

const DAY = 86_400_000;
/** Token expiry warns at these days left; each is a step that fires once. */
export const EXPIRY_STEPS = [30, 15, 7, 1] as const;
/** A job with failures is reported if it ended within this long. */
const JOB_WINDOW_MS = 7 * DAY;

/** Something true right now that people should hear about; `level` rises as it gets worse. */
export interface Condition {
  key: string;
  rule: AlertRule;
  severity: AlertSeverity;
  level: number;
  locationId: string;
  title: string;
  body: string;
  link: string;
}

export interface LocationFacts {
  location: LocationView;
  sync: SyncStatus;
  settings: AlertSettings;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Every condition that holds for one location now. */
export function conditionsOf(db: Db, facts: LocationFacts, now = Date.now()): Condition[] {
  const { location: l, settings } = facts;
  const on = (rule: AlertRule) => !settings.off.includes(rule);
  const where = l.locationName;
  const base = `/l/${l.id}`;
  const out: Condition[] = [];
  const add = (c: Omit<Condition, "locationId">) => out.push({ ...c, locationId: l.id });

  if (on("running-out") || on("forecast")) out.push(...titleConditions(db, l, settings, now));

  if (on("token-expiry")) {
    const days = l.daysToExpiry;
    const step =
      l.expiryState === "expired" ? EXPIRY_STEPS.length : EXPIRY_STEPS.filter((d) => days <= d).length;
    if (step > 0)
      add({
        key: `token-expiry:${l.id}`,
        rule: "token-expiry",
        severity: days <= 7 ? "critical" : "warning",
        level: step,
        title:
          l.expiryState === "expired"
            ? `The token of ${where} has expired`
            : `The token of ${where} expires in ${plural(Math.max(days, 0), "day")}`,
        body: `Download a new content token for ${where} in Apple School or Business Manager and upload it under Locations; jobs stop when it expires.`,
        link: "/locations",
      });
  }
  if (on("token-refused") && l.tokenRefused)
    add({
      key: `token-refused:${l.id}`,
      rule: "token-refused",
      severity: "critical",
      level: 1,
      title: `Apple refuses the token of ${where}`,
      body:
        l.tokenRefused.errorNumber === 9625
          ? "A newer token was downloaded for this location: upload the newest one under Locations."
          : l.tokenRefused.message,
      link: "/locations",
    });
  if (on("managed-by-other") && l.managedByOther)
    add({
      key: `managed-by-other:${l.id}`,
      rule: "managed-by-other",
      severity: "critical",
      level: 1,
      title: `Another MDM took over ${where}`,
      body: `Apple now names ${l.mdmInfo?.name ?? "another MDM"} as the manager of this location. Jobs pause until an admin confirms or claims it back.`,
      link: `${base}/settings`,
    });
  if (on("sync-failing")) {
    const s = facts.sync;
    const lastGood = s.syncedAt ? Date.parse(s.syncedAt) : Date.parse(l.createdAt);
    const hours = (now - lastGood) / 3_600_000;
    if ((s.state === "failed" || s.state === "stopped") && hours >= settings.syncFailingHours)
      add({
        key: `sync-failing:${l.id}`,
        rule: "sync-failing",
        severity: "warning",
        level: 1,
        title: `The copy of ${where} has not been read for ${plural(Math.floor(hours), "hour")}`,
        body: `The last read failed: ${s.lastError ?? "no reason given"}. Screens show the copy as it was at the last good read.`,
        link: base,
      });
  }
  if (on("job-failures")) out.push(...jobConditions(db, l, now));
  if (on("reclaim-found")) out.push(...reclaimConditions(db, l));
  if (on("approval-waiting")) {
    const waiting = db
      .prepare(
        "SELECT id, rule_name, count, requested_by FROM reclaims WHERE location_id = ? AND state = 'awaiting-approval'",
      )
      .all(l.id) as { id: string; rule_name: string; count: number; requested_by: string }[];
    for (const r of waiting)
      add({
        key: `approval-waiting:${r.id}`,
        rule: "approval-waiting",
        severity: "info",
        level: 1,
        title: `A take-back of ${plural(r.count, "licence")} at ${where} waits for approval`,
        body: `${r.requested_by} asked to take back the licences of “${r.rule_name}”; a second admin must approve it before it runs.`,
        link: `${base}/reclaim/r/${r.id}`,
      });
  }
  return out;
}

function titleConditions(db: Db, l: LocationView, settings: AlertSettings, now: number): Condition[] {
  const rows = db
    .prepare(
      `SELECT a.loc, a.adam_id, a.pricing_param, a.total, a.available, json_extract(m.body, '$.name') AS name
       FROM copy_assets a JOIN sync_locations s ON s.id = a.loc
       LEFT JOIN metadata m ON m.upstream = ? AND m.adam_id = a.adam_id
       WHERE s.location_id = ? AND a.unlimited = 0 AND a.total > 0`,
    )
    .all(`${l.upstream}:${l.uId}`, l.id) as {
    loc: number;
    adam_id: string;
    pricing_param: string;
    total: number;
    available: number;
    name: string | null;
  }[];
  const forecasts = settings.off.includes("forecast") ? new Map<string, Forecast>() : forecastsOf(db, l, now);
  const out: Condition[] = [];
  const off = new Set(settings.off);
  for (const a of rows) {
    const name = a.name ?? `App ${a.adam_id}`;
    const subject = `${l.id}:${a.adam_id}:${a.pricing_param}`;
    const link = `/l/${l.id}/assets/${a.adam_id}/${a.pricing_param}`;
    const share = (a.available / a.total) * 100;
    const critical = share <= settings.criticalPercent || a.available <= settings.criticalLeft;
    // Used up is one step worse than critical: from now on every assignment of the title fails.
    const level = a.available === 0 ? 3 : critical ? 2 : 1;
    if (!off.has("running-out") && (critical || share <= settings.warningPercent))
      out.push({
        key: `running-out:${subject}`,
        rule: "running-out",
        severity: critical ? "critical" : "warning",
        level,
        locationId: l.id,
        title:
          level === 3
            ? `${name} has no licences left at ${l.locationName}`
            : `${name} is running out at ${l.locationName}: ${plural(a.available, "licence")} of ${a.total.toLocaleString("en-US")} left`,
        body: `Buy more in Apple School or Business Manager, or take back licences that are not used (Reclaim).`,
        link,
      });
    if (off.has("forecast") || a.available === 0) continue;
    const f = forecasts.get(`${a.adam_id}:${a.pricing_param}`);
    if (f && f.daysLeft <= settings.forecastDays)
      out.push({
        key: `forecast:${subject}`,
        rule: "forecast",
        severity: "warning",
        level: 1,
        locationId: l.id,
        title: `${name} at ${l.locationName}: 0 left in ~${plural(f.daysLeft, "day")}`,
        body: `At the last 30 days' rate of assignment: ${f.method}.`,
        link,
      });
  }
  return out;
}

/** A scheduled rule's last dry run found licences to take back (it clears when a run finds none). */
function reclaimConditions(db: Db, l: LocationView): Condition[] {
  const rules = db
    .prepare(
      "SELECT id, name, last_run FROM reclaim_rules WHERE location_id = ? AND schedule != 'off' AND last_run IS NOT NULL",
    )
    .all(l.id) as { id: string; name: string; last_run: string }[];
  return rules.flatMap((r) => {
    const run = JSON.parse(r.last_run) as RuleRun;
    if (run.count === 0) return [];
    const value = run.value.map((m) => `${m.amount} ${m.currency}`).join(" + ");
    return [
      {
        key: `reclaim-found:${r.id}`,
        rule: "reclaim-found" as const,
        severity: "info" as const,
        level: 1,
        locationId: l.id,
        title: `“${r.name}” found ${plural(run.count, "licence")} to take back at ${l.locationName}`,
        body: `The scheduled dry run took nothing back${value ? `; their value: ${value}` : ""}. Open the rule to see the list and take them back.`,
        link: `/l/${l.id}/reclaim/rules/${r.id}`,
      },
    ];
  });
}

function jobConditions(db: Db, l: LocationView, now: number): Condition[] {
  const jobs = db
    .prepare(
      `SELECT j.id, j.type, j.state, j.error, (SELECT count(*) FROM job_failures f WHERE f.job_id = j.id) AS failures
       FROM jobs j WHERE j.location_id = ? AND j.finished_at >= ? AND j.state IN ('complete', 'failed')`,
    )
    .all(l.id, now - JOB_WINDOW_MS) as {
    id: string;
    type: string;
    state: string;
    error: string | null;
    failures: number;
  }[];
  return jobs
    .filter((j) => j.state === "failed" || j.failures > 0)
    .map((j) => ({
      ...j,
      what: `${/^[aeiou]/.test(j.type) ? "An" : "A"} ${j.type} job at ${l.locationName}`,
    }))
    .map((j) => ({
      key: `job-failures:${j.id}`,
      rule: "job-failures" as const,
      severity: "warning" as const,
      level: 1,
      locationId: l.id,
      title:
        j.failures > 0
          ? `${j.what} finished with ${plural(j.failures, "failure")}`
          : `${j.what} could not finish`,
      body:
        j.failures > 0
          ? "Open the job to see what Apple refused, and retry the failed."
          : (j.error ?? "The job stopped before Apple confirmed it."),
      link: `/l/${l.id}/jobs/${j.id}`,
    }));
}
