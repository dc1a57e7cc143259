import { explainAppleError } from "../apple/errors.js";
import type { JobSnapshot } from "../api-types.js";
import type { JobStore } from "./store.js";

/** The job with its chunks and totals, without the (possibly long) list of failures. */
export function jobSummary(store: JobStore, jobId: string): Omit<JobSnapshot, "failures"> | undefined {
  const job = store.get(jobId);
  if (!job) return undefined;
  const chunks = store.chunks(jobId);
  return {
    ...job,
    chunks,
    outcomes: store.evidence.outcomes(jobId),
    numRequested: chunks.reduce((s, c) => s + (c.numRequested ?? 0), 0),
    numCompleted: chunks.reduce((s, c) => s + (c.numCompleted ?? 0), 0),
    chunksSent: chunks.filter((c) => c.eventId !== null || c.eventStatus === "UNKNOWN").length,
  };
}

/** Everything about a job, with each failure explained in words. */
export function jobSnapshot(store: JobStore, jobId: string): JobSnapshot | undefined {
  const summary = jobSummary(store, jobId);
  if (!summary) return undefined;
  const failures = store.evidence
    .failures(jobId)
    .map((f) => ({ ...f, explanation: explainAppleError(f.errorNumber) }));
  return { ...summary, failures };
}

/** Resolves when the job has reached one of `until` (for tests and scripts). */
export async function waitSettled(
  store: JobStore,
  jobId: string,
  timeoutMs: number,
  until: ReadonlySet<string>,
): Promise<JobSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = jobSnapshot(store, jobId);
    if (!s) throw new Error(`no job ${jobId}`);
    if (until.has(s.state)) return s;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${s.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
