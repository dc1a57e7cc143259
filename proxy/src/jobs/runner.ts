import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { AuditLog } from "../audit/audit.js";
import type { LocationService } from "../locations/service.js";
import type { JobSnapshot } from "../api-types.js";
import { ChunkWork, type Target } from "./chunk-work.js";
import { PauseJob, pauseFor } from "./pauses.js";
import { jobSnapshot, jobSummary, waitSettled } from "./snapshots.js";
import type { Job, JobStore } from "./store.js";

export type { JobSnapshot };

const TERMINAL = new Set(["complete", "failed", "cancelled"]);

/**
 * Runs jobs: one at a time per location, chunks sent in order through the location's gate,
 * every step recorded before the next; then each Apple event is polled (one poller per event,
 * whoever watches) until COMPLETE or FAILED. A restart resumes every unfinished job. A refused
 * token or another MDM pauses a job (kept as it is) until a new token or an admin's confirmation.
 */
export class JobRunner {
  private readonly events = new EventEmitter();
  private readonly running = new Map<string, Promise<void>>();
  /** Jobs inside run() now, and what wakes their sleeps (cancel). */
  private readonly active = new Map<string, Set<() => void>>();
  private readonly cancelled = new Set<string>();
  private readonly listeners: Record<"started" | "finished", ((s: JobSnapshot) => void)[]> = {
    started: [],
    finished: [],
  };
  private readonly work: ChunkWork;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: JobStore;
      locations: LocationService;
      audit: AuditLog;
      logger: Logger;
      /** Polling interval for a location (Apple asks ≥ 30 s; the sandbox may go faster). */
      pollMs: (upstream: "apple" | "sandbox") => number;
      /** An event still PENDING this long is sent again (Apple: after 10 minutes). */
      resendAfterMs: number;
      serviceConfig: ServiceConfigCache;
    },
  ) {
    this.events.setMaxListeners(0);
    this.work = new ChunkWork({
      store: deps.store,
      logger: deps.logger,
      serviceConfig: deps.serviceConfig,
      resendAfterMs: deps.resendAfterMs,
      emit: (id) => this.emit(id),
      sleep: (ms, id) => this.sleep(ms, id),
      stopping: (id) => this.stopped || this.cancelled.has(id),
      guard: (job) => this.guard(job),
    });
    // A renewed token lets every job it paused go on.
    deps.locations.onRenewed((locationId) => {
      for (const job of deps.store.paused(locationId))
        if (job.paused?.code === "TOKEN_REFUSED") this.unpause(job, "apple", "token renewed");
    });
  }

  /**
   * After a restart: a chunk left "sending" may have reached Apple; before it is sent again,
   * Apple's assignments are checked. Work starts a second later, so requests the previous process
   * sent just before it stopped have left Apple's one-second window.
   */
  resume(delayMs = 1100): void {
    const jobs = this.deps.store.unfinished();
    for (const job of jobs) {
      for (const c of this.deps.store.chunks(job.id)) {
        if (c.state === "sending") {
          this.deps.store.markSending(job.id, c.seq, true);
          this.deps.store.backToPlanned(job.id, c.seq);
        }
      }
    }
    const t = setTimeout(() => {
      for (const job of jobs) this.kick(job.locationId);
    }, delayMs);
    t.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const wakers of this.active.values()) for (const wake of wakers) wake();
  }

  kick(locationId: string): void {
    if (this.running.has(locationId) || this.stopped) return;
    const loop = (async () => {
      for (;;) {
        const next = this.deps.store.unfinished().find((j) => j.locationId === locationId);
        if (!next || this.stopped) break;
        this.active.set(next.id, new Set());
        await this.run(next)
          .catch((err: unknown) => {
            this.deps.logger.error({ err, jobId: next.id }, "job failed to run");
            this.deps.store.setState(
              next.id,
              "failed",
              err instanceof Error ? err.message : "The job could not run.",
            );
            this.emit(next.id);
          })
          .finally(() => this.active.delete(next.id));
      }
    })().finally(() => this.running.delete(locationId));
    this.running.set(locationId, loop);
  }

  /** Ends the job now: unsent chunks are cancelled, sent ones are Apple's and shown as unconfirmed. */
  cancel(jobId: string): void {
    this.deps.store.cancelPlanned(jobId);
    const wakers = this.active.get(jobId);
    if (wakers) {
      this.cancelled.add(jobId);
      for (const wake of wakers) wake();
    } else this.finishCancelled(jobId);
    this.emit(jobId);
  }

  /** An admin goes on with a paused job: after a takeover, confirming the MDM that now manages it. */
  resumePaused(job: Job, actor: string): void {
    const location = this.deps.locations.get(job.locationId);
    this.unpause(
      job,
      actor,
      job.paused?.code === "MANAGED_BY_OTHER" ? "takeover confirmed" : "resumed",
      location.mdmInfo?.id ?? null,
    );
  }

  subscribe(jobId: string, listener: (s: JobSnapshot) => void): () => void {
    this.events.on(jobId, listener);
    return () => this.events.off(jobId, listener);
  }

  snapshot(jobId: string): JobSnapshot | undefined {
    return jobSnapshot(this.deps.store, jobId);
  }

  /** The job with its chunks and totals, without the (possibly long) list of failures. */
  summary(jobId: string): Omit<JobSnapshot, "failures"> | undefined {
    return jobSummary(this.deps.store, jobId);
  }

  /** Called once a job is first sent (not again on a resume) or has ended (complete, failed or cancelled). */
  on(event: "started" | "finished", listener: (s: JobSnapshot) => void): void {
    this.listeners[event].push(listener);
  }

  /** Resolves when the job has finished or paused (for tests and scripts). */
  settled(jobId: string, timeoutMs = 60_000, until: ReadonlySet<string> = TERMINAL): Promise<JobSnapshot> {
    return waitSettled(this.deps.store, jobId, timeoutMs, until);
  }

  private emit(jobId: string): void {
    const s = this.snapshot(jobId);
    if (s) this.events.emit(jobId, s);
  }

  private sleep(ms: number, jobId: string): Promise<void> {
    const wakers = this.active.get(jobId);
    if (!wakers || this.cancelled.has(jobId) || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  }

  /** Before anything goes to Apple for a job: the token must stand and no other MDM may have taken over. */
  private guard(job: Job): void {
    const pause = pauseFor(this.deps.locations.get(job.locationId), job);
    if (pause) throw pause;
  }

  private async run(job: Job): Promise<void> {
    const { store } = this.deps;
    store.setState(job.id, "running");
    if (!job.startedAt) this.tell("started", job.id);
    this.emit(job.id);
    try {
      await this.runChunks(job, this.deps.locations.target(job.locationId));
    } catch (err) {
      if (!(err instanceof PauseJob)) throw err;
      store.pause(job.id, err.pause);
      this.deps.audit.record("apple", "job.pause", job.id, "failed", { reason: err.pause.code });
      this.deps.logger.warn({ jobId: job.id, reason: err.pause.code }, "job paused");
      this.emit(job.id);
    }
  }

  private async runChunks(job: Job, target: Target): Promise<void> {
    const { store } = this.deps;
    if (job.type === "revoke") {
      this.guard(job);
      await this.work.snapshotRevoke(job, target);
    }
    // Chunks are re-read each time: a chunk re-planned for lower limits adds chunks at the end.
    for (;;) {
      const chunk = store.chunks(job.id).find((c) => c.state === "planned");
      if (!chunk || this.cancelled.has(job.id) || this.stopped) break;
      await this.work.send(job, chunk, target);
    }
    if (this.stopped) return;
    const pollMs = this.deps.pollMs(target.location.upstream);
    for (;;) {
      const open = store.chunks(job.id).filter((c) => c.state === "sent");
      if (open.length === 0 || this.stopped) break;
      if (!this.cancelled.has(job.id)) this.guardToken(job);
      for (const chunk of open) await this.work.poll(job, chunk, target);
      // Cancelled: one last look at the events already sent, then the job ends.
      if (this.cancelled.has(job.id)) break;
      if (store.chunks(job.id).some((c) => c.state === "sent")) await this.sleep(pollMs, job.id);
    }
    if (this.stopped) return;
    if (this.cancelled.has(job.id)) return this.finishCancelled(job.id);
    this.finish(job);
  }

  /** No polling a dead token either. */
  private guardToken(job: Job): void {
    const pause = pauseFor(this.deps.locations.get(job.locationId), job, "token");
    if (pause) throw pause;
  }

  private finish(job: Job): void {
    const { store } = this.deps;
    const chunks = store.chunks(job.id);
    const failures = store.evidence.failureCount(job.id);
    const notDone = store.evidence.outcomes(job.id).filter((o) => o.outcome !== "verified").length;
    const state =
      failures > 0 || notDone > 0 || chunks.some((c) => c.state === "failed") ? "failed" : "complete";
    store.setState(job.id, state);
    this.record(job, state);
  }

  private finishCancelled(jobId: string): void {
    const { store } = this.deps;
    const job = store.get(jobId);
    if (!job || TERMINAL.has(job.state)) return;
    const abandoned = store.abandonSent(jobId);
    store.setState(
      jobId,
      "cancelled",
      abandoned > 0
        ? `Cancelled. ${abandoned} request${abandoned === 1 ? " had" : "s had"} already reached Apple and may still be carried out there: ${abandoned === 1 ? "its" : "their"} targets are shown as unconfirmed.`
        : "Cancelled before anything more was sent.",
    );
    this.cancelled.delete(jobId);
    this.record(job, "cancelled");
    this.emit(jobId);
  }

  private record(job: Job, state: "complete" | "failed" | "cancelled"): void {
    const s = this.snapshot(job.id);
    this.deps.audit.record(
      job.requestedBy,
      `job.${job.type}`,
      job.id,
      state === "complete" ? "ok" : state === "cancelled" ? "refused" : "failed",
      {
        state,
        requests: s?.chunks.length,
        numRequested: s?.numRequested,
        numCompleted: s?.numCompleted,
        failures: s?.failures.length,
      },
    );
    this.tell("finished", job.id);
    this.emit(job.id);
  }

  private tell(event: "started" | "finished", jobId: string): void {
    const s = this.snapshot(jobId);
    if (!s) return;
    for (const listener of this.listeners[event]) {
      try {
        listener(s);
      } catch (err) {
        this.deps.logger.error({ err, jobId }, `a job-${event} listener failed`);
      }
    }
  }

  private unpause(job: Job, actor: string, why: string, acknowledgedMdm?: string | null): void {
    this.deps.store.unpause(job.id, acknowledgedMdm);
    this.deps.audit.record(actor, "job.resume", job.id, "ok", {
      why,
      ...(acknowledgedMdm ? { mdm: acknowledgedMdm } : {}),
    });
    this.emit(job.id);
    this.kick(job.locationId);
  }
}
