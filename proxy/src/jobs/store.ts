import type { Db } from "../store/db.js";
import type {
  Chunk,
  ChunkState,
  Failure,
  Job,
  JobAsset,
  JobPlan,
  JobRequest,
  JobState,
  JobType,
} from "../api-types.js";
import type { PlannedChunk } from "./plan.js";

export type { Chunk, ChunkState, Failure, Job, JobPlan, JobState };

interface JobRow {
  id: string;
  location_id: string;
  type: JobType;
  state: JobState;
  request: string;
  plan: string;
  requested_by: string;
  retry_of: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
}

const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

const toJob = (r: JobRow): Job => ({
  id: r.id,
  locationId: r.location_id,
  type: r.type,
  state: r.state,
  request: JSON.parse(r.request) as JobRequest,
  plan: JSON.parse(r.plan) as JobPlan,
  requestedBy: r.requested_by,
  retryOf: r.retry_of,
  createdAt: new Date(r.created_at).toISOString(),
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
  error: r.error,
});

/** Durable job state: every change is written before (or as) it happens. */
export class JobStore {
  constructor(private readonly db: Db) {}

  create(
    job: {
      id: string;
      locationId: string;
      request: JobRequest;
      plan: JobPlan;
      requestedBy: string;
      retryOf?: string;
    },
    chunks: PlannedChunk[],
  ): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO jobs (id, location_id, type, state, request, plan, requested_by, retry_of, created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)",
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
    return rows.map((r) => ({
      seq: r.seq as number,
      state: r.state as ChunkState,
      assets: JSON.parse(r.assets as string) as JobAsset[],
      serialNumbers: JSON.parse(r.serial_numbers as string) as string[],
      clientUserIds: JSON.parse(r.client_user_ids as string) as string[],
      eventId: (r.event_id as string | null) ?? null,
      eventStatus: (r.event_status as string | null) ?? null,
      sentAt:
        r.sent_at === null || r.sent_at === undefined ? null : new Date(r.sent_at as number).toISOString(),
      numRequested: (r.num_requested as number | null) ?? null,
      numCompleted: (r.num_completed as number | null) ?? null,
      possiblyRepeated: r.possibly_repeated === 1,
      attempts: r.attempts as number,
      error: (r.error as string | null) ?? null,
    }));
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
      .prepare("UPDATE job_chunks SET state = 'sent', event_id = ?, sent_at = ? WHERE job_id = ? AND seq = ?")
      .run(eventId, Date.now(), jobId, seq);
  }

  backToPlanned(jobId: string, seq: number): void {
    this.db.prepare("UPDATE job_chunks SET state = 'planned' WHERE job_id = ? AND seq = ?").run(jobId, seq);
  }

  progress(jobId: string, seq: number, status: string, numRequested: number, numCompleted: number): void {
    this.db
      .prepare(
        "UPDATE job_chunks SET event_status = ?, num_requested = ?, num_completed = ? WHERE job_id = ? AND seq = ?",
      )
      .run(status, numRequested, numCompleted, jobId, seq);
  }

  finishChunk(
    jobId: string,
    seq: number,
    state: "complete" | "failed",
    failures: Omit<Failure, "seq">[],
    error?: string,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE job_chunks SET state = ?, finished_at = ?, error = ? WHERE job_id = ? AND seq = ?")
        .run(state, Date.now(), error ?? null, jobId, seq);
      const insert = this.db.prepare(
        "INSERT INTO job_failures (job_id, seq, error_number, error_message, adam_id, pricing_param, serial_number, client_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      );
      for (const f of failures)
        insert.run(
          jobId,
          seq,
          f.errorNumber,
          f.errorMessage,
          f.adamId,
          f.pricingParam,
          f.serialNumber,
          f.clientUserId,
        );
    })();
  }

  /** Put the first part in the chunk's place (planned again) and append the other parts. */
  replaceChunk(jobId: string, seq: number, parts: PlannedChunk[]): void {
    this.db.transaction(() => {
      const [first, ...rest] = parts;
      if (!first) return;
      this.db
        .prepare(
          "UPDATE job_chunks SET state = 'planned', assets = ?, serial_numbers = ?, client_user_ids = ? WHERE job_id = ? AND seq = ?",
        )
        .run(
          JSON.stringify(first.assets),
          JSON.stringify(first.serialNumbers),
          JSON.stringify(first.clientUserIds),
          jobId,
          seq,
        );
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

  cancelPlanned(jobId: string): number {
    return this.db
      .prepare("UPDATE job_chunks SET state = 'cancelled' WHERE job_id = ? AND state = 'planned'")
      .run(jobId).changes;
  }

  failureCount(jobId: string): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM job_failures WHERE job_id = ?").get(jobId) as { n: number }
    ).n;
  }

  failures(jobId: string): Failure[] {
    return this.db
      .prepare(
        `SELECT seq, error_number AS errorNumber, error_message AS errorMessage, adam_id AS adamId, pricing_param AS pricingParam,
           serial_number AS serialNumber, client_user_id AS clientUserId FROM job_failures WHERE job_id = ? ORDER BY id`,
      )
      .all(jobId) as Failure[];
  }
}
