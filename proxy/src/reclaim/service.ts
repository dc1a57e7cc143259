import crypto from "node:crypto";
import type { Logger } from "pino";
import type { AuditLog } from "../audit/audit.js";
import type {
  Guardrails,
  Money,
  PreviewAsset,
  Reclaim,
  ReclaimInput,
  ReclaimPreview,
  ReclaimRule,
  RuleRun,
  RuleQuery,
} from "../contract/reclaim.js";
import { ApiError } from "../http/errors.js";
import type { JobService } from "../jobs/service.js";
import type { JobStore } from "../jobs/store.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import { currentOf } from "../sync/copy-reads.js";
import { readGuardrails, writeGuardrails } from "./guardrails.js";
import { idleTitles } from "./idle.js";
import { ReclaimLists } from "./lists.js";
import { Purse, times } from "./money.js";
import { Prices } from "./prices.js";
import { ReclaimStore, toReclaim, type ReclaimRow } from "./reclaim-store.js";
import { RuleStore, type RuleFields } from "./rules.js";
import { select, type Licence } from "./select.js";
import { startReclaim } from "./start.js";
import { summarise, type Summary } from "./summary.js";
import { wallTime, zonedToInstant } from "./zoned-time.js";

export interface ReclaimDeps {
  db: Db;
  jobs: JobService;
  jobStore: JobStore;
  locations: LocationService;
  audit: AuditLog;
  logger: Logger;
  /** Cached names of titles (no request to Apple when it has none). */
  names: (locationId: string, adamIds: string[]) => Promise<Record<string, { name: string; kind: string }>>;
}

const MAX_AHEAD_MS = 90 * 86_400_000;

/**
 * The reclaim centre: rules over a location's copy, previews with their value, and take-backs
 * frozen at preview that run as ordinary jobs — now, at a scheduled time, or once a second admin
 * approves — and refuse to run when the copy moved by more than the user accepted.
 */
export class ReclaimService {
  readonly lists: ReclaimLists;
  readonly prices: Prices;
  readonly rules: RuleStore;
  readonly reclaims: ReclaimStore;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly dryRunListeners: ((rule: ReclaimRule, run: RuleRun) => void)[] = [];

  constructor(private readonly deps: ReclaimDeps) {
    this.lists = new ReclaimLists(deps.db);
    this.prices = new Prices(deps.db);
    this.rules = new RuleStore(deps.db);
    this.reclaims = new ReclaimStore(deps.db);
  }

  guardrails(): Guardrails {
    return readGuardrails(this.deps.db);
  }

  setGuardrails(g: Guardrails, actor: string): Guardrails {
    writeGuardrails(this.deps.db, g);
    this.deps.audit.record(actor, "reclaim.guardrails", "settings", "ok", { ...g });
    return g;
  }

  /** A rule's fields checked against the lists it names. */
  checkRule(f: RuleFields): RuleFields {
    const q = f.query;
    if (q.kind === "not-in-inventory" || q.kind === "not-seen") {
      const list = this.lists.get(q.listId, "inventory");
      if (q.kind === "not-seen" && !list.seenColumn)
        throw new ApiError(
          400,
          "NO_SEEN_COLUMN",
          `The inventory "${list.name}" has no last check-in column; upload one that has, or use "not in inventory".`,
        );
    }
    if (q.kind === "not-in-roster" && q.listId) this.lists.get(q.listId, "roster");
    if (f.autoRun && f.schedule === "off")
      throw new ApiError(
        400,
        "AUTO_NEEDS_SCHEDULE",
        "Automatic take-back runs after a scheduled run: choose a schedule.",
      );
    if (f.autoRun && q.kind === "unused-titles")
      throw new ApiError(
        400,
        "NOTHING_TO_RUN",
        "Unused titles is a report: there is nothing to take back automatically.",
      );
    return f;
  }

  async preview(locationId: string, ruleId: string): Promise<ReclaimPreview> {
    const rule = this.rules.get(locationId, ruleId);
    const selection = select(this.deps.db, locationId, rule.query);
    const s = summarise(selection);
    const prices = this.prices.all();
    const ids = [...new Set([...s.perAsset.values()].map((a) => a.adamId))];
    const idle =
      rule.query.kind === "unused-titles" ? idleTitles(this.deps.db, locationId, rule.query.days) : undefined;
    const names = await this.deps
      .names(locationId, [...ids, ...(idle?.titles.map((t) => t.adamId) ?? [])])
      .catch(() => ({}) as Record<string, { name: string; kind: string }>);
    const perAsset: PreviewAsset[] = [...s.perAsset.values()]
      .map((a) => ({
        ...a,
        name: names[a.adamId]?.name ?? null,
        productType: names[a.adamId]?.kind ?? null,
        price: prices.get(a.adamId) ?? null,
        value: times(prices.get(a.adamId), a.count),
      }))
      .sort((a, b) => b.count - a.count || a.adamId.localeCompare(b.adamId));
    const value = this.valueOf(s);
    return {
      rule,
      action: selection.action,
      summary: summaryText(rule.query, selection.action, s, idle?.titles.length ?? 0),
      syncedAt: selection.syncedAt,
      count: s.count,
      hash: s.hash,
      targets: s.targets,
      perAsset,
      leftOut: s.leftOut,
      value: value.money,
      unpriced: value.unpriced,
      sample: s.sample,
      ...(idle
        ? {
            idleTitles: idle.titles.map((t) => ({
              adamId: t.adamId,
              pricingParam: t.pricingParam,
              name: names[t.adamId]?.name ?? null,
              available: t.available,
              lastTakenAt: t.lastTakenAt === null ? null : new Date(t.lastTakenAt).toISOString(),
              value: times(prices.get(t.adamId), t.available),
            })),
            notJudged: idle.notJudged,
          }
        : {}),
      guardrails: this.guardrails(),
    };
  }

  private valueOf(s: Summary): { money: Money[]; unpriced: number } {
    const prices = this.prices.all();
    const purse = new Purse();
    let unpriced = 0;
    for (const a of s.perAsset.values()) {
      const p = prices.get(a.adamId);
      if (p) purse.add(p, a.count);
      else unpriced += a.count;
    }
    return { money: purse.list(), unpriced };
  }

  /** Every licence of a rule's selection, slice by slice (the preview's CSV). */
  selection(locationId: string, ruleId: string) {
    const rule = this.rules.get(locationId, ruleId);
    return { rule, selection: select(this.deps.db, locationId, rule.query) };
  }

  /**
   * Freeze what the user previewed and take it back under the guardrails: the selection must be
   * the one previewed (same hash), the typed count must match above the confirmation threshold,
   * above the approval threshold a second admin must approve; it runs now or at `runAt`.
   */
  async create(locationId: string, ruleId: string, input: ReclaimInput, actor: string): Promise<Reclaim> {
    const rule = this.rules.get(locationId, ruleId);
    return this.freeze(locationId, rule, input, actor, false);
  }

  private async freeze(
    locationId: string,
    rule: ReclaimRule,
    input: ReclaimInput,
    actor: string,
    automatic: boolean,
  ): Promise<Reclaim> {
    this.deps.locations.usableTarget(locationId, "nothing can be taken back");
    const g = this.guardrails();
    const selection = select(this.deps.db, locationId, rule.query);
    if (selection.action === "none")
      throw new ApiError(400, "NOTHING_TO_TAKE_BACK", "This rule is a report: it takes nothing back.");
    const items: Licence[] = [];
    const s = summarise(selection, (l) => items.push(l));
    if (s.hash !== input.hash || s.count !== input.count)
      throw new ApiError(
        409,
        "SELECTION_CHANGED",
        `The copy changed since the preview (${input.count.toLocaleString("en-US")} licences then, ${s.count.toLocaleString("en-US")} now). Nothing was frozen: preview again.`,
      );
    if (s.count === 0)
      throw new ApiError(400, "NOTHING_TO_TAKE_BACK", "The rule selects no licence to take back.");
    if (!automatic && s.count > g.confirmAbove && input.confirmCount !== s.count)
      throw new ApiError(
        400,
        "CONFIRM_COUNT",
        `Type the exact number of licences (${s.count.toLocaleString("en-US")}) to confirm: above ${g.confirmAbove.toLocaleString("en-US")} the count must be typed.`,
      );
    let runAt: number | null = null;
    if (input.runAt) {
      runAt = zonedToInstant(input.runAt, g.timeZone);
      if (runAt <= Date.now())
        throw new ApiError(
          400,
          "RUN_AT_PAST",
          `${input.runAt.replace("T", " ")} (${g.timeZone}) has already passed.`,
        );
      if (runAt > Date.now() + MAX_AHEAD_MS)
        throw new ApiError(400, "RUN_AT_FAR", "A reclaim can be scheduled at most 90 days ahead.");
    }
    // Automatic runs above the confirmation threshold wait for a person: nobody typed the count.
    const needsApproval = s.count > g.approvalAbove || (automatic && s.count > g.confirmAbove);
    const id = crypto.randomUUID();
    this.reclaims.create(
      {
        id,
        locationId,
        ruleId: rule.id,
        ruleName: rule.name,
        query: rule.query,
        action: selection.action,
        state: needsApproval ? "awaiting-approval" : "scheduled",
        count: s.count,
        hash: s.hash,
        tolerance: input.tolerance ?? 0,
        value: this.valueOf(s).money,
        runAt,
        timeZone: g.timeZone,
        confirmOtherMdm: !!input.confirmOtherMdm,
        requestedBy: actor,
        needsApproval,
      },
      items,
    );
    this.deps.audit.record(actor, "reclaim.create", id, "ok", {
      locationId,
      rule: rule.name,
      count: s.count,
      hash: s.hash,
      ...(runAt ? { runAt: wallTime(runAt, g.timeZone), timeZone: g.timeZone } : {}),
      needsApproval,
    });
    if (!needsApproval && runAt === null) await this.run(id);
    return this.view(locationId, id);
  }

  async approve(locationId: string, id: string, actor: string): Promise<Reclaim> {
    const r = this.reclaims.row(id, locationId);
    if (r.state !== "awaiting-approval")
      throw new ApiError(
        409,
        "NOT_AWAITING_APPROVAL",
        `This reclaim is ${r.state}, not waiting for approval.`,
      );
    if (r.requested_by === actor)
      throw new ApiError(
        403,
        "SECOND_ADMIN_NEEDED",
        "A second admin must approve: the admin who asked for a reclaim cannot approve it.",
      );
    if (
      !this.reclaims.move(id, ["awaiting-approval"], "scheduled", {
        approved_by: actor,
        approved_at: Date.now(),
      })
    )
      throw new ApiError(409, "NOT_AWAITING_APPROVAL", "Someone else acted on this reclaim first.");
    this.deps.audit.record(actor, "reclaim.approve", id, "ok", { locationId, count: r.count });
    if (r.run_at === null || r.run_at <= Date.now()) await this.run(id);
    return this.view(locationId, id);
  }

  cancel(locationId: string, id: string, actor: string): Reclaim {
    const r = this.reclaims.row(id, locationId);
    if (!this.reclaims.move(id, ["awaiting-approval", "scheduled"], "cancelled"))
      throw new ApiError(
        409,
        "RECLAIM_STARTED",
        r.state === "started"
          ? "The take-back has started: cancel its jobs on the jobs page."
          : `This reclaim is already ${r.state}.`,
      );
    this.deps.audit.record(actor, "reclaim.cancel", id, "ok", { locationId });
    return this.view(locationId, id);
  }

  /** Start a reclaim whose time has come: check the copy against the frozen selection, then the jobs. */
  private async run(id: string): Promise<void> {
    await startReclaim(
      {
        db: this.deps.db,
        jobs: this.deps.jobs,
        store: this.reclaims,
        audit: this.deps.audit,
        logger: this.deps.logger,
      },
      this.reclaims.row(id),
    );
  }

  view(locationId: string, id: string): Reclaim {
    return this.toView(this.reclaims.row(id, locationId));
  }

  list(locationId: string): Reclaim[] {
    this.deps.locations.get(locationId);
    return this.reclaims.list(locationId).map((r) => this.toView(r));
  }

  private toView(r: ReclaimRow): Reclaim {
    const base = toReclaim(r);
    if (r.state !== "started") return { ...base, progress: null };
    const jobs = base.jobIds.map((j) => this.deps.jobStore.get(j)?.state);
    const done = jobs.filter((s) => s === "complete" || s === "failed" || s === "cancelled").length;
    const c = currentOf(this.deps.db, r.location_id);
    const prices = this.prices.all();
    const purse = new Purse();
    let recovered = 0;
    for (const g of this.reclaims.gone(r.id, c.loc, c.gen)) {
      recovered += g.n;
      purse.add(prices.get(g.adamId), g.n);
    }
    return { ...base, progress: { jobsDone: done, jobs: jobs.length, recovered, value: purse.list() } };
  }

  /** Due scheduled reclaims start; due rules run dry (and take back when an admin turned that on). */
  async tick(now = Date.now()): Promise<void> {
    for (const r of this.reclaims.due(now)) {
      await this.run(r.id).catch((err: unknown) =>
        this.deps.logger.error({ err, reclaimId: r.id }, "reclaim failed to start"),
      );
    }
    for (const rule of this.rules.due(now)) {
      await this.dryRun(rule, now).catch((err: unknown) => {
        this.deps.logger.warn({ err, ruleId: rule.id }, "scheduled reclaim rule could not run");
        this.rules.ran(rule, { at: new Date(now).toISOString(), count: 0, value: [], hash: "" }, now);
      });
    }
  }

  private async dryRun(rule: ReclaimRule, now: number): Promise<void> {
    const s = summarise(select(this.deps.db, rule.locationId, rule.query));
    const run = {
      at: new Date(now).toISOString(),
      count: s.count,
      value: this.valueOf(s).money,
      hash: s.hash,
    };
    this.deps.audit.record(`rule:${rule.name}`, "reclaim.dry-run", rule.id, "ok", {
      locationId: rule.locationId,
      count: s.count,
    });
    if (rule.autoRun && s.count > 0) {
      const r = await this.freeze(
        rule.locationId,
        rule,
        { hash: s.hash, count: s.count, tolerance: 0 },
        `rule:${rule.name}`,
        true,
      );
      this.rules.ran(rule, { ...run, reclaimId: r.id }, now);
    } else this.rules.ran(rule, run, now);
    for (const listener of this.dryRunListeners) listener(rule, run);
  }

  /** Called after each scheduled dry run of a rule, with what it found. */
  onDryRun(listener: (rule: ReclaimRule, run: RuleRun) => void): void {
    this.dryRunListeners.push(listener);
  }

  /** The scheduler: due reclaims and rules are looked at every `tickMs` (state is in the store, so a restart loses nothing). */
  start(tickMs: number): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function summaryText(query: RuleQuery, action: string, s: Summary, idle: number): string {
  const n = (x: number, one: string, many = `${one}s`) =>
    `${x.toLocaleString("en-US")} ${x === 1 ? one : many}`;
  const stays = s.leftOut
    ? ` ${n(s.leftOut, "licence")} of books or other non-revocable titles stay: Apple cannot take those back.`
    : "";
  if (query.kind === "unused-titles")
    return `A report: nothing is taken back. ${n(idle, "title")} had licences nobody took in ${query.days} days. Apple does not refund licences, so their value is idle, not recoverable — buy fewer next time.`;
  if (s.count === 0) return `Nothing to take back.${stays}`;
  if (action === "disassociate")
    return `Apple will unassign ${n(s.count, "licence")} of ${n(s.perAsset.size, "title")} from their holders (one unassign job per title).${stays}`;
  const who = [
    s.targets.devices ? n(s.targets.devices, "device") : "",
    s.targets.users ? n(s.targets.users, "user") : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return `Apple will revoke every revocable licence ${who} hold: ${n(s.count, "licence")}.${stays}`;
}
