import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import {
  AppleApiError,
  appleRequest,
  GateClosedError,
  isThrottle,
  UpstreamUnavailableError,
} from "../apple/client.js";
import { explainAppleError } from "../apple/errors.js";
import type { EventResponse, StatusResponse } from "../apple/types.js";
import type { AuditLog } from "../audit/audit.js";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { LocationService } from "../locations/service.js";
import { planChunks } from "./plan.js";
import type { JobSnapshot } from "../api-types.js";
import type { Chunk, Failure, Job, JobStore } from "./store.js";

export type { JobSnapshot };

const TERMINAL = new Set(["complete", "failed", "cancelled"]);
const MAX_SEND_ATTEMPTS = 30;
const MAX_RESENDS = 3;
/** Apple lowered a limit since the job was planned (9700 assets, 9701 users, 9702 serials). */
const OVER_LIMIT = new Set([9700, 9701, 9702]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs jobs: one at a time per location, chunks sent in order through the location's gate,
 * every step recorded before the next; then each Apple event is polled (one poller per event,
 * whoever watches) until COMPLETE or FAILED. A restart resumes every unfinished job.
 */
export class JobRunner {
  private readonly events = new EventEmitter();
  private readonly running = new Map<string, Promise<void>>();
  private readonly cancelled = new Set<string>();
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
  }

  /**
   * After a restart: a chunk left "sending" may have reached Apple; it is re-sent, marked as
   * possibly repeated. Work starts a second later, so requests the previous process sent just
   * before it stopped have left Apple's one-second window.
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
  }

  kick(locationId: string): void {
    if (this.running.has(locationId) || this.stopped) return;
    const loop = (async () => {
      for (;;) {
        const next = this.deps.store.unfinished().find((j) => j.locationId === locationId);
        if (!next || this.stopped) break;
        await this.run(next).catch((err: unknown) => {
          this.deps.logger.error({ err, jobId: next.id }, "job failed to run");
          this.deps.store.setState(
            next.id,
            "failed",
            err instanceof Error ? err.message : "The job could not run.",
          );
          this.emit(next.id);
        });
      }
    })().finally(() => this.running.delete(locationId));
    this.running.set(locationId, loop);
  }

  cancel(jobId: string): void {
    this.cancelled.add(jobId);
    this.deps.store.cancelPlanned(jobId);
    this.emit(jobId);
  }

  subscribe(jobId: string, listener: (s: JobSnapshot) => void): () => void {
    this.events.on(jobId, listener);
    return () => this.events.off(jobId, listener);
  }

  snapshot(jobId: string): JobSnapshot | undefined {
    const summary = this.summary(jobId);
    if (!summary) return undefined;
    const failures = this.deps.store
      .failures(jobId)
      .map((f) => ({ ...f, explanation: explainAppleError(f.errorNumber) }));
    return { ...summary, failures };
  }

  /** The job with its chunks and totals, without the (possibly long) list of failures. */
  summary(jobId: string): Omit<JobSnapshot, "failures"> | undefined {
    const job = this.deps.store.get(jobId);
    if (!job) return undefined;
    const chunks = this.deps.store.chunks(jobId);
    return {
      ...job,
      chunks,
      numRequested: chunks.reduce((s, c) => s + (c.numRequested ?? 0), 0),
      numCompleted: chunks.reduce((s, c) => s + (c.numCompleted ?? 0), 0),
      chunksSent: chunks.filter((c) => c.eventId !== null).length,
    };
  }

  /** Resolves when the job has finished (for tests and scripts). */
  async settled(jobId: string, timeoutMs = 60_000): Promise<JobSnapshot> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = this.snapshot(jobId);
      if (!s) throw new Error(`no job ${jobId}`);
      if (TERMINAL.has(s.state)) return s;
      if (Date.now() > until) throw new Error(`job ${jobId} still ${s.state}`);
      await sleep(50);
    }
  }

  private emit(jobId: string): void {
    const s = this.snapshot(jobId);
    if (s) this.events.emit(jobId, s);
  }

  private async run(job: Job): Promise<void> {
    const { store } = this.deps;
    store.setState(job.id, "running");
    this.emit(job.id);
    const target = this.deps.locations.target(job.locationId);
    const path = `assets/${job.type}`;

    // Chunks are re-read each time: a chunk re-planned for lower limits adds chunks at the end.
    for (;;) {
      const chunk = store.chunks(job.id).find((c) => c.state === "planned");
      if (!chunk || this.cancelled.has(job.id) || this.stopped) break;
      await this.send(job, chunk, target, path);
    }
    if (this.stopped) return;
    if (this.cancelled.has(job.id)) store.cancelPlanned(job.id);

    const pollMs = this.deps.pollMs(target.location.upstream);
    for (;;) {
      const open = store.chunks(job.id).filter((c) => c.state === "sent");
      if (open.length === 0 || this.stopped) break;
      for (const chunk of open) await this.poll(job, chunk, target);
      if (store.chunks(job.id).some((c) => c.state === "sent")) await sleep(pollMs);
    }
    if (this.stopped) return;

    const chunks = store.chunks(job.id);
    const failures = store.failures(job.id).length;
    const state = chunks.some((c) => c.state === "cancelled")
      ? "cancelled"
      : failures > 0 || chunks.some((c) => c.state === "failed")
        ? "failed"
        : "complete";
    store.setState(job.id, state);
    this.cancelled.delete(job.id);
    const s = this.snapshot(job.id);
    this.deps.audit.record(
      job.requestedBy,
      `job.${job.type}`,
      job.id,
      state === "complete" ? "ok" : state === "cancelled" ? "refused" : "failed",
      {
        state,
        requests: chunks.length,
        numRequested: s?.numRequested,
        numCompleted: s?.numCompleted,
        failures,
      },
    );
    this.emit(job.id);
  }

  private async send(
    job: Job,
    chunk: Chunk,
    target: ReturnType<LocationService["target"]>,
    path: string,
    repeat = false,
  ): Promise<void> {
    const { store } = this.deps;
    const body = {
      ...(job.type !== "revoke" ? { assets: chunk.assets } : {}),
      ...(chunk.serialNumbers.length ? { serialNumbers: chunk.serialNumbers } : {}),
      ...(chunk.clientUserIds.length ? { clientUserIds: chunk.clientUserIds } : {}),
    };
    let uncertain = repeat;
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) return;
      store.markSending(job.id, chunk.seq, uncertain);
      this.emit(job.id);
      try {
        const res = await appleRequest<EventResponse>(target, "POST", path, { body });
        store.markSent(job.id, chunk.seq, res.eventId);
        this.emit(job.id);
        return;
      } catch (err) {
        const wait = this.retryWait(err);
        if (wait !== undefined && attempt < MAX_SEND_ATTEMPTS) {
          // A network error or timeout may have reached Apple: the re-send is marked.
          uncertain ||= err instanceof UpstreamUnavailableError;
          store.backToPlanned(job.id, chunk.seq);
          this.emit(job.id);
          await sleep(wait);
          continue;
        }
        if (
          err instanceof AppleApiError &&
          OVER_LIMIT.has(err.error.errorNumber) &&
          (await this.replan(job, chunk, target.baseUrl))
        ) {
          this.emit(job.id);
          return;
        }
        const apple = err instanceof AppleApiError ? err.error : undefined;
        const errorNumber = apple?.errorNumber ?? 9603;
        const message = apple
          ? explainAppleError(errorNumber)
          : err instanceof Error
            ? err.message
            : "The request could not be sent.";
        store.finishChunk(
          job.id,
          chunk.seq,
          "failed",
          this.everyTarget(chunk, errorNumber, apple?.errorMessage ?? message),
          message,
        );
        this.emit(job.id);
        return;
      }
    }
  }

  /**
   * Apple's limits changed under the job: read them again and split this chunk to fit (its first
   * part stays in place, the rest go to the end). False when the chunk already fits.
   */
  private async replan(job: Job, chunk: Chunk, baseUrl: string): Promise<boolean> {
    this.deps.serviceConfig.invalidate(baseUrl);
    let limits: Record<string, number>;
    try {
      limits = (await this.deps.serviceConfig.get(baseUrl)).limits;
    } catch {
      return false;
    }
    const parts = planChunks(
      {
        type: job.type,
        assets: chunk.assets,
        serialNumbers: chunk.serialNumbers,
        clientUserIds: chunk.clientUserIds,
      },
      limits,
    );
    if (parts.length <= 1) return false;
    this.deps.store.replaceChunk(job.id, chunk.seq, parts);
    this.deps.logger.warn(
      { jobId: job.id, seq: chunk.seq, parts: parts.length },
      "Apple lowered its limits; chunk split",
    );
    return true;
  }

  /** How long to wait before retrying a send, or undefined when retrying cannot help. */
  private retryWait(err: unknown): number | undefined {
    if (err instanceof GateClosedError) return err.retryAfterSeconds * 1000;
    if (err instanceof AppleApiError && isThrottle(err.httpStatus, err.error.errorNumber))
      return (err.retryAfterSeconds ?? 1) * 1000;
    if (err instanceof AppleApiError && err.httpStatus >= 500) return 2000;
    if (err instanceof UpstreamUnavailableError) return 2000;
    return undefined;
  }

  private async poll(job: Job, chunk: Chunk, target: ReturnType<LocationService["target"]>): Promise<void> {
    const { store } = this.deps;
    let status: StatusResponse;
    try {
      status = await appleRequest<StatusResponse>(target, "GET", "status", {
        query: { eventId: chunk.eventId ?? "" },
      });
    } catch (err) {
      if (err instanceof AppleApiError && err.error.errorNumber === 9708) {
        store.finishChunk(job.id, chunk.seq, "failed", [], explainAppleError(9708));
        this.emit(job.id);
      }
      return; // holds, timeouts: the next round polls again
    }
    store.progress(job.id, chunk.seq, status.eventStatus, status.numRequested, status.numCompleted);
    if (status.eventStatus === "PENDING") {
      const pendingFor = chunk.sentAt ? Date.now() - Date.parse(chunk.sentAt) : 0;
      if (pendingFor > this.deps.resendAfterMs && chunk.attempts < MAX_RESENDS + 1) {
        // Apple's advice: still PENDING after 10 minutes → send the request again. It does not
        // charge a pair twice; the chunk is marked as possibly repeated.
        this.deps.logger.warn(
          { jobId: job.id, seq: chunk.seq, eventId: chunk.eventId },
          "event still pending; sending again",
        );
        await this.send(job, { ...chunk, state: "planned" }, target, `assets/${job.type}`, true);
        return;
      }
      this.emit(job.id);
      return;
    }
    const failures: Omit<Failure, "seq">[] = [];
    for (const f of status.failures ?? []) {
      const info = f.errorInfo ?? {};
      const assets = job.type === "revoke" ? [undefined] : info.assets?.length ? info.assets : chunk.assets;
      const targets = [
        ...(info.serialNumbers ?? []).map((s) => ({ serialNumber: s, clientUserId: null })),
        ...(info.clientUserIds ?? []).map((c) => ({ serialNumber: null, clientUserId: c })),
      ];
      for (const a of assets) {
        for (const t of targets.length ? targets : [{ serialNumber: null, clientUserId: null }]) {
          failures.push({
            errorNumber: f.errorNumber,
            errorMessage: f.errorMessage,
            adamId: a?.adamId ?? null,
            pricingParam: a ? (a.pricingParam ?? "STDQ") : null,
            ...t,
          });
        }
      }
    }
    store.finishChunk(
      job.id,
      chunk.seq,
      status.eventStatus === "COMPLETE" && failures.length === 0 ? "complete" : "failed",
      failures,
    );
    this.emit(job.id);
  }

  private everyTarget(chunk: Chunk, errorNumber: number, errorMessage: string): Omit<Failure, "seq">[] {
    const assets = chunk.assets.length ? chunk.assets : [undefined];
    const targets = [
      ...chunk.serialNumbers.map((s) => ({ serialNumber: s, clientUserId: null })),
      ...chunk.clientUserIds.map((c) => ({ serialNumber: null, clientUserId: c })),
    ];
    return assets.flatMap((a) =>
      targets.map((t) => ({
        errorNumber,
        errorMessage,
        adamId: a?.adamId ?? null,
        pricingParam: a?.pricingParam ?? null,
        ...t,
      })),
    );
  }
}
