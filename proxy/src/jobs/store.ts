import type { Db } from "../store/db.js";
import type {
  Chunk,
  ChunkState,
  Confirmation,
  Failure,
  Job,
  JobPause,
  JobPlan,
  JobRequest,
  JobState,
  Outcome,
} from "../api-types.js";
import { JobEvidence, type Holdings } from "./evidence-store.js";
import { toChunk, toJob, type JobRow } from "./rows.js";
import type { PlannedChunk } from "./plan.js";

export type { Chunk, ChunkState, Confirmation, Failure, Job, JobPause, JobPlan, JobState, Outcome };

export type { Holdings };

/** Durable job state: every change is written before (or as) it happens. */
export class JobStore {
  /** What is known of each target: Apple's failures, outcomes checked in its assignments, revoke snapshots. */
  readonly evidence: JobEvidence;

  constructor(private readonly db: Db) {
    this.evidence = new JobEvidence(db);
  }

  create(
    job: {
      id: string;
      locationId: string;
      request: JobRequest;
      plan: JobPlan;
      requestedBy: string;
      retryOf?: string;
      /** The MDM that managed the location when the job was confirmed; another one pauses it. */
      acknowledgedMdm: string | null;
    },
    chunks: PlannedChunk[],
  ): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO jobs (id, location_id, type, state, request, plan, requested_by, retry_of, created_at, acknowledged_mdm) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
        )
        .run(
          job.id,
          job.locationId,
          job.request.type,
          JSON.stringify(job.request),
          JSON.stringify(job.plan),
          job.requestedBy,
          job.retryOf ?? null,
          now,
          job.acknowledgedMdm,
        );
      const insert = this.db.prepare(
        "INSERT INTO job_chunks (job_id, seq, state, assets, serial_numbers, client_user_ids) VALUES (?, ?, 'planned', ?, ?, ?)",
      );
      for (const c of chunks)
        insert.run(
          job.id,
          c.seq,
          JSON.stringify(c.assets),
          JSON.stringify(c.serialNumbers),
          JSON.stringify(c.clientUserIds),
        );
    })();
  }

  get(id: string): Job | undefined {
    const r = this.db.prepare("SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined;
    return r ? toJob(r) : undefined;
  }

  list(locationId: string, limit = 100): Job[] {
    return (
      this.db
        .prepare("SELECT * FROM jobs WHERE location_id = ? ORDER BY created_at DESC LIMIT ?")
        .all(locationId, limit) as JobRow[]
    ).map(toJob);
  }

  /** Jobs not finished, oldest first (what a restart must resume). */
  unfinished(): Job[] {
    return (
      this.db
        .prepare("SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at")
        .all() as JobRow[]
    ).map(toJob);
  }

  setState(id: string, state: JobState, error?: string): void {
    const now = Date.now();
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, error = COALESCE(?, error),
         started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
         finished_at = CASE WHEN ? IN ('complete', 'failed', 'cancelled') THEN ? ELSE finished_at END WHERE id = ?`,
      )
      .run(state, error ?? null, state, now, state, now, id);
  }

  chunks(jobId: string): Chunk[] {
    const rows = this.db
      .prepare("SELECT * FROM job_chunks WHERE job_id = ? ORDER BY seq")
      .all(jobId) as Record<string, unknown>[];
    return rows.map(toChunk);
  }

  /** Stop calling Apple until someone acts (a new token, a confirmed takeover). */
  pause(jobId: string, pause: JobPause): void {
    this.db
      .prepare("UPDATE jobs SET state = 'paused', paused = ? WHERE id = ?")
      .run(JSON.stringify(pause), jobId);
  }

  /** Back in the queue; with `acknowledgedMdm`, the takeover that paused it is confirmed. */
  unpause(jobId: string, acknowledgedMdm?: string | null): void {
    this.db
      .prepare(
        "UPDATE jobs SET state = 'queued', paused = NULL, acknowledged_mdm = CASE WHEN ? THEN ? ELSE acknowledged_mdm END WHERE id = ?",
      )
      .run(acknowledgedMdm !== undefined ? 1 : 0, acknowledgedMdm ?? null, jobId);
  }

  paused(locationId: string): Job[] {
    return (
      this.db
        .prepare("SELECT * FROM jobs WHERE location_id = ? AND state = 'paused' ORDER BY created_at")
        .all(locationId) as JobRow[]
    ).map(toJob);
  }

  /** A chunk whose event is lost (no eventId, or 9708): its outcome is read from Apple's assignments. */
  markLost(jobId: string, seq: number): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET state = 'sent', event_status = 'UNKNOWN', sent_at = COALESCE(sent_at, ?) WHERE job_id = ? AND seq = ?",
      )
      .run(Date.now(), jobId, seq);
  }

  /**
   * Narrow a chunk to the pairs still missing before it is sent again; `verified` pairs (licences,
   * for a revoke) were found done in Apple's assignments and count as done in the chunk's totals.
   */
  narrow(jobId: string, seq: number, part: Omit<PlannedChunk, "seq">, verified: number): void {
    this.setTargets(jobId, seq, part, "pre_verified = pre_verified + ?", verified);
  }

  /** Counts found in Apple's assignments instead of an event (a lost event, a revoke re-sent). */
  setCounts(jobId: string, seq: number, numRequested: number, numCompleted: number): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET num_requested = ? + pre_verified, num_completed = ? + pre_verified WHERE job_id = ? AND seq = ?",
      )
      .run(numRequested, numCompleted, jobId, seq);
  }

  /** Chunks sent whose outcome the job will not wait for (cancelled): Apple may still do them. */
  abandonSent(jobId: string): number {
    return this.db
      .prepare(
        "UPDATE job_chunks SET state = 'unconfirmed', confirmation = 'unconfirmed', finished_at = ? WHERE job_id = ? AND state IN ('sending', 'sent')",
      )
      .run(Date.now(), jobId).changes;
  }

  markSending(jobId: string, seq: number, possiblyRepeated: boolean): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET state = 'sending', attempts = attempts + 1, possibly_repeated = MAX(possibly_repeated, ?) WHERE job_id = ? AND seq = ?",
      )
      .run(possiblyRepeated ? 1 : 0, jobId, seq);
  }

  markSent(jobId: string, seq: number, eventId: string): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET state = 'sent', event_id = ?, event_status = NULL, sent_at = ? WHERE job_id = ? AND seq = ?",
      )
      .run(eventId, Date.now(), jobId, seq);
  }

  backToPlanned(jobId: string, seq: number): void {
    this.db.prepare("UPDATE job_chunks SET state = 'planned' WHERE job_id = ? AND seq = ?").run(jobId, seq);
  }

  progress(jobId: string, seq: number, status: string, numRequested: number, numCompleted: number): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET event_status = ?, num_requested = ? + pre_verified, num_completed = ? + pre_verified WHERE job_id = ? AND seq = ?",
      )
      .run(status, numRequested, numCompleted, jobId, seq);
  }

  finishChunk(
    jobId: string,
    seq: number,
    state: "complete" | "failed",
    failures: Omit<Failure, "seq">[],
    confirmation: Confirmation,
    error?: string,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE job_chunks SET state = ?, finished_at = ?, error = ?, confirmation = ? WHERE job_id = ? AND seq = ?",
        )
        .run(state, Date.now(), error ?? null, confirmation, jobId, seq);
      this.evidence.addFailures(jobId, seq, failures);
    })();
  }

  /** Put the first part in the chunk's place (planned again) and append the other parts. */
  replaceChunk(jobId: string, seq: number, parts: PlannedChunk[]): void {
    this.db.transaction(() => {
      const [first, ...rest] = parts;
      if (!first) return;
      this.setTargets(jobId, seq, first, "state = ?", "planned");
      const max = (
        this.db.prepare("SELECT MAX(seq) AS m FROM job_chunks WHERE job_id = ?").get(jobId) as { m: number }
      ).m;
      const insert = this.db.prepare(
        "INSERT INTO job_chunks (job_id, seq, state, assets, serial_numbers, client_user_ids) VALUES (?, ?, 'planned', ?, ?, ?)",
      );
      rest.forEach((c, i) =>
        insert.run(
          jobId,
          max + 1 + i,
          JSON.stringify(c.assets),
          JSON.stringify(c.serialNumbers),
          JSON.stringify(c.clientUserIds),
        ),
      );
    })();
  }

  private setTargets(
    jobId: string,
    seq: number,
    part: Omit<PlannedChunk, "seq">,
    also: string,
    value: string | number,
  ): void {
    this.db
      .prepare(
        `UPDATE job_chunks SET assets = ?, serial_numbers = ?, client_user_ids = ?, ${also} WHERE job_id = ? AND seq = ?`,
      )
      .run(
        JSON.stringify(part.assets),
        JSON.stringify(part.serialNumbers),
        JSON.stringify(part.clientUserIds),
        value,
        jobId,
        seq,
      );
  }

  cancelPlanned(jobId: string): number {
    return this.db
      .prepare("UPDATE job_chunks SET state = 'cancelled' WHERE job_id = ? AND state = 'planned'")
      .run(jobId).changes;
  }
}
