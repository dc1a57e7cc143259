import type { Logger } from "pino";
import type { AuditLog } from "../audit/audit.js";
import type { RuleQuery } from "../contract/reclaim.js";
import type { JobInput, JobService } from "../jobs/service.js";
import type { Db } from "../store/db.js";
import type { ReclaimRow, ReclaimStore } from "./reclaim-store.js";
import { select, type Licence } from "./select.js";

const MAX_TARGETS = 100_000;

interface StartDeps {
  db: Db;
  jobs: JobService;
  store: ReclaimStore;
  audit: AuditLog;
  logger: Logger;
}

/**
 * The frozen selection against the copy now: licences still selected (kept), new ones, and frozen
 * ones no longer selected. A copy that cannot be read counts as moved entirely.
 */
function drift(deps: StartDeps, r: ReclaimRow): { kept: Licence[]; added: number; removed: number } {
  const member = deps.store.member(r.id);
  const kept: Licence[] = [];
  let added = 0;
  for (const batch of select(deps.db, r.location_id, JSON.parse(r.query) as RuleQuery).batches())
    for (const l of batch) {
      if (l.leftOut) continue;
      if (member(l)) kept.push(l);
      else added++;
    }
  return { kept, added, removed: r.count - kept.length };
}

/** The jobs that take `kept` back: a revoke of the targets, or an unassign per title. */
function jobInputs(action: string, kept: Licence[]): JobInput[] {
  if (action === "disassociate") {
    const perTitle = new Map<string, Licence[]>();
    for (const l of kept) {
      const key = `${l.adamId}:${l.pricingParam}`;
      perTitle.set(key, [...(perTitle.get(key) ?? []), l]);
    }
    return [...perTitle.values()].map((ls) => ({
      type: "disassociate",
      assets: [
        {
          adamId: (ls[0] as Licence).adamId,
          pricingParam: (ls[0] as Licence).pricingParam as "STDQ" | "PLUS",
        },
      ],
      serialNumbers: ls.filter((l) => l.kind === "device").map((l) => l.target),
      clientUserIds: ls.filter((l) => l.kind === "user").map((l) => l.target),
    }));
  }
  const targets = [...new Set(kept.map((l) => `${l.kind}\t${l.target}`))];
  const inputs: JobInput[] = [];
  for (let i = 0; i < targets.length; i += MAX_TARGETS) {
    const part = targets.slice(i, i + MAX_TARGETS).map((t) => t.split("\t") as [string, string]);
    inputs.push({
      type: "revoke",
      serialNumbers: part.filter(([k]) => k === "device").map(([, t]) => t),
      clientUserIds: part.filter(([k]) => k === "user").map(([, t]) => t),
    });
  }
  return inputs;
}

/**
 * A reclaim starts: refused when the copy moved by more than its tolerance since the preview;
 * otherwise the frozen licences still selected are taken back by ordinary jobs (chunked, durable,
 * live). Only the reclaim that is still `scheduled` starts, once.
 */
export async function startReclaim(deps: StartDeps, r: ReclaimRow): Promise<void> {
  let moved: ReturnType<typeof drift>;
  try {
    moved = drift(deps, r);
  } catch (err) {
    const message = err instanceof Error ? err.message : "The location's copy could not be read.";
    if (deps.store.move(r.id, ["scheduled"], "refused", { error: message }))
      deps.audit.record(r.requested_by, "reclaim.start", r.id, "refused", { message });
    return;
  }
  const change = moved.added + moved.removed;
  if (change > r.tolerance) {
    const message = `The copy moved since the preview: ${moved.removed.toLocaleString("en-US")} of the ${r.count.toLocaleString("en-US")} frozen licences are no longer selected and ${moved.added.toLocaleString("en-US")} new ones are; ${r.tolerance.toLocaleString("en-US")} ${r.tolerance === 1 ? "change was" : "changes were"} accepted. Nothing was sent to Apple: preview the rule again.`;
    if (deps.store.move(r.id, ["scheduled"], "refused", { error: message }))
      deps.audit.record(r.requested_by, "reclaim.start", r.id, "refused", {
        added: moved.added,
        removed: moved.removed,
      });
    return;
  }
  if (!deps.store.move(r.id, ["scheduled"], "started", { started_at: Date.now() })) return;
  if (moved.removed > 0) deps.store.keepOnly(r.id, moved.kept);
  deps.audit.record(r.requested_by, "reclaim.start", r.id, "ok", {
    licences: moved.kept.length,
    added: moved.added,
    removed: moved.removed,
  });
  const jobIds: string[] = [];
  let error: string | null = null;
  for (const input of jobInputs(r.action, moved.kept)) {
    try {
      const job = await deps.jobs.create(
        r.location_id,
        { ...input, confirmOtherMdm: r.confirm_other_mdm === 1 },
        r.requested_by,
      );
      if (job) jobIds.push(job.id);
    } catch (err) {
      error = `A job could not be made: ${err instanceof Error ? err.message : String(err)}`;
      deps.logger.warn({ err, reclaimId: r.id }, "reclaim job not created");
      break;
    }
  }
  deps.store.setJobs(r.id, jobIds, error);
}
