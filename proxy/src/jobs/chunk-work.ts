import type { Logger } from "pino";
import {
  AppleApiError,
  appleRequest,
  GateClosedError,
  isThrottle,
  mayHaveReachedApple,
  UpstreamUnavailableError,
} from "../apple/client.js";
import { explainAppleError } from "../apple/errors.js";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { EventResponse, StatusResponse } from "../apple/types.js";
import type { LocationService } from "../locations/service.js";
import { checkChunk, revokeSnapshot, type Verdict } from "./chunk-check.js";
import { planChunks } from "./plan.js";
import { assetKey, isUserJob, jobEndpoint } from "../contract/index.js";
import { checkUsers } from "./user-check.js";
import { bodyOf, sentUsers, splitRefused } from "./send-body.js";
import { targetKeys } from "./reconcile.js";
import { asTokenPause } from "./pauses.js";
import type { Chunk, Job, JobStore } from "./store.js";
import {
  everyPair,
  expandFailures,
  failureKey,
  keyOfTarget,
  perTarget,
  rowAssetKey,
  type OutcomeRow,
} from "./targets.js";

const MAX_SEND_ATTEMPTS = 30;
const MAX_RESENDS = 3;
/** Apple lowered a limit since the job was planned (9700 assets, 9701 users, 9702 serials, 9714 people). */
const OVER_LIMIT = new Set([9700, 9701, 9702, 9714]);

export type Target = ReturnType<LocationService["target"]>;

export interface ChunkWorkDeps {
  store: JobStore;
  logger: Logger;
  serviceConfig: ServiceConfigCache;
  /** An event still PENDING (or lost) this long is sent again (Apple: after 10 minutes). */
  resendAfterMs: number;
  emit: (jobId: string) => void;
  /** Waits, waking early when the job is cancelled. */
  sleep: (ms: number, jobId: string) => Promise<void>;
  stopping: (jobId: string) => boolean;
  /** Throws PauseJob when the location's token was refused or another MDM took it over. */
  guard: (job: Job) => void;
}

/** Sends one chunk and reads its event; never records a target as done without Apple's word or evidence. */
export class ChunkWork {
  constructor(private readonly d: ChunkWorkDeps) {}

  async send(job: Job, chunk: Chunk, t: Target): Promise<void> {
    const { store } = this.d;
    let current: Chunk | undefined = chunk;
    if (current.possiblyRepeated) current = await this.beforeResend(job, current, t);
    let uncertain = chunk.possiblyRepeated;
    for (let attempt = 1; current; attempt++) {
      if (this.d.stopping(job.id)) return;
      this.d.guard(job);
      store.markSending(job.id, current.seq, uncertain);
      this.d.emit(job.id);
      let res: EventResponse;
      try {
        res = await appleRequest<EventResponse>(t, "POST", jobEndpoint(job.type), {
          body: bodyOf(job, current),
        });
      } catch (err) {
        const reached = mayHaveReachedApple(err);
        // A refused request did nothing at Apple; one whose answer was lost stays "sending" (unknown).
        if (!reached) store.backToPlanned(job.id, current.seq);
        this.d.emit(job.id);
        const pause = asTokenPause(err);
        if (pause) throw pause;
        const wait = retryWait(err);
        if (wait !== undefined && attempt < MAX_SEND_ATTEMPTS) {
          await this.d.sleep(wait, job.id);
          if (reached) {
            uncertain = true;
            if (this.d.stopping(job.id)) return;
            current = await this.beforeResend(job, current, t);
          }
          continue;
        }
        if (err instanceof AppleApiError && OVER_LIMIT.has(err.error.errorNumber)) {
          if (await this.replan(job, current, t.baseUrl)) return this.d.emit(job.id);
        }
        if (!uncertain && this.setAsideRefusedUsers(job, current, err)) return this.d.emit(job.id);
        if (uncertain) {
          store.markLost(job.id, current.seq); // its outcome is read from Apple's assignments
          return this.d.emit(job.id);
        }
        const apple = err instanceof AppleApiError ? err.error : undefined;
        const errorNumber = apple?.errorNumber ?? 9603;
        const message = apple ? explainAppleError(errorNumber) : (err as Error).message;
        const rows = everyPair(job.type, current, errorNumber, apple?.errorMessage ?? message);
        store.finishChunk(job.id, current.seq, "failed", rows, "apple", message);
        return this.d.emit(job.id);
      }
      if (typeof res.eventId === "string" && res.eventId !== "")
        store.markSent(job.id, current.seq, res.eventId);
      else store.markLost(job.id, current.seq); // accepted without an eventId: nothing to poll
      return this.d.emit(job.id);
    }
  }

  /**
   * Apple refused a people request for some of its users (9717 names the bad e-mails): those fail
   * with Apple's words and the others go in a request of their own. False when it was not that.
   */
  private setAsideRefusedUsers(job: Job, chunk: Chunk, err: unknown): boolean {
    const split =
      isUserJob(job.type) && err instanceof AppleApiError ? splitRefused(chunk, err.error) : undefined;
    if (!split) return false;
    this.d.store.replaceChunk(job.id, chunk.seq, split.parts);
    this.d.store.finishChunk(job.id, chunk.seq, "failed", split.rows, "apple", split.message);
    return true;
  }

  /** Revoke: what each target holds before anything is sent, so a re-sent revoke still counts right. */
  async snapshotRevoke(job: Job, t: Target): Promise<void> {
    const { store } = this.d;
    const chunks = store.chunks(job.id);
    if (chunks.some((c) => c.state !== "planned") || store.evidence.holdings(job.id, 0)) return;
    try {
      store.evidence.setHoldings(job.id, await revokeSnapshot(t, chunks));
    } catch (err) {
      const pause = asTokenPause(err);
      if (pause) throw pause;
      // Without it a re-sent revoke reports only what the resend took back; said in the log.
      this.d.logger.warn({ jobId: job.id, err: (err as Error).message }, "revoke snapshot not taken");
    }
  }

  /** Read the chunk's event; Apple's numbers stand only when its failures account for every gap. */
  async poll(job: Job, chunk: Chunk, t: Target): Promise<void> {
    if (chunk.eventId === null || chunk.eventStatus === "UNKNOWN") return this.checkLost(job, chunk, t);
    const { store } = this.d;
    let status: StatusResponse;
    try {
      status = await appleRequest<StatusResponse>(t, "GET", "status", { query: { eventId: chunk.eventId } });
    } catch (err) {
      const pause = asTokenPause(err);
      if (pause) throw pause;
      if (err instanceof AppleApiError && err.error.errorNumber === 9708) {
        store.markLost(job.id, chunk.seq);
        this.d.emit(job.id);
        return this.checkLost(job, { ...chunk, eventStatus: "UNKNOWN" }, t);
      }
      return; // holds, timeouts: the next round polls again
    }
    store.progress(job.id, chunk.seq, status.eventStatus, status.numRequested, status.numCompleted);
    if (status.eventStatus === "PENDING") {
      const pendingFor = chunk.sentAt ? Date.now() - Date.parse(chunk.sentAt) : 0;
      if (pendingFor > this.d.resendAfterMs && chunk.attempts < MAX_RESENDS + 1) {
        // Apple's advice: still PENDING after 10 minutes → send the request again.
        this.d.logger.warn({ jobId: job.id, seq: chunk.seq }, "event still pending; sending again");
        return this.send(job, { ...chunk, state: "planned", possiblyRepeated: true }, t);
      }
      return this.d.emit(job.id);
    }
    const rows = expandFailures(job.type, chunk, status.failures ?? []);
    const gap = status.numRequested - status.numCompleted;
    const accounted =
      gap === 0
        ? status.eventStatus === "COMPLETE" || rows.length > 0
        : rows.length >= gap && rows.length > 0;
    if (accounted) {
      store.finishChunk(job.id, chunk.seq, rows.length ? "failed" : "complete", rows, "apple");
      return this.d.emit(job.id);
    }
    // Apple's event does not say what became of some targets: look at its assignments.
    const v = await this.check(job, chunk, t, new Set(rows.map(failureKey)));
    if (!v) return;
    this.finishReconciled(job, chunk, v, rows.length, rows);
  }

  /** The event is unknown (no eventId, 9708): the chunk's outcome comes from Apple's assignments. */
  private async checkLost(job: Job, chunk: Chunk, t: Target): Promise<void> {
    const v = await this.check(job, chunk, t);
    if (!v) return;
    if (v.rest) {
      const waited = chunk.sentAt ? Date.now() - Date.parse(chunk.sentAt) : 0;
      if (waited < this.d.resendAfterMs) return this.d.emit(job.id); // Apple may still be at it
      if (chunk.attempts < MAX_RESENDS + 1)
        return this.send(job, { ...chunk, state: "planned", possiblyRepeated: true }, t);
    }
    this.finishReconciled(job, chunk, v, 0, []);
  }

  private finishReconciled(
    job: Job,
    chunk: Chunk,
    v: Verdict,
    failed: number,
    rows: ReturnType<typeof expandFailures>,
  ) {
    const { store } = this.d;
    store.evidence.addOutcomes(job.id, [...v.verified, ...v.notDone], chunk.seq);
    store.setCounts(job.id, chunk.seq, v.requested + failed, v.completed);
    const state = failed > 0 || v.notDone.length > 0 ? "failed" : "complete";
    store.finishChunk(job.id, chunk.seq, state, rows, "reconciled");
    this.d.emit(job.id);
  }

  /** Apple's assignments for the chunk; undefined when they cannot be read now (tried again later). */
  private async check(
    job: Job,
    chunk: Chunk,
    t: Target,
    accounted?: Set<string>,
  ): Promise<Verdict | undefined> {
    try {
      if (isUserJob(job.type)) return await checkUsers(t, job.type, chunk, sentUsers(job), accounted);
      return await checkChunk(
        t,
        job.type,
        chunk,
        accounted,
        this.d.store.evidence.holdings(job.id, chunk.seq),
      );
    } catch (err) {
      const pause = asTokenPause(err);
      if (pause) throw pause;
      this.d.logger.warn(
        { jobId: job.id, seq: chunk.seq, err: (err as Error).message },
        "could not check assignments",
      );
      return undefined;
    }
  }

  /**
   * Before sending again a chunk that may already have reached Apple: what Apple's assignments show
   * done is recorded as verified and left out; undefined when nothing is left to send.
   */
  private async beforeResend(job: Job, chunk: Chunk, t: Target): Promise<Chunk | undefined> {
    const { store } = this.d;
    const v = await this.check(job, chunk, t);
    if (!v) return chunk; // cannot tell now: send it all again (Apple does not charge a pair twice)
    if (!v.rest) {
      this.finishReconciled(job, chunk, v, 0, []);
      return undefined;
    }
    const rest = v.rest;
    const inRest = new Set(targetKeys(rest));
    const restAssets = new Set(rest.assets.map(assetKey));
    const outside: OutcomeRow[] = v.verified.filter((o) => {
      const asset = rowAssetKey(o);
      return !inRest.has(keyOfTarget(o)) || (asset !== null && !restAssets.has(asset));
    });
    store.evidence.addOutcomes(job.id, outside, chunk.seq);
    const verified = job.type === "revoke" ? outside.reduce((s, o) => s + (o.count ?? 0), 0) : outside.length;
    const part = perTarget(job.type) ? { ...rest, assets: [] } : rest;
    store.narrow(job.id, chunk.seq, part, verified);
    return { ...chunk, ...part };
  }

  /**
   * Apple's limits changed under the job: read them again and split this chunk to fit (its first
   * part stays in place, the rest go to the end). False when the chunk already fits.
   */
  private async replan(job: Job, chunk: Chunk, baseUrl: string): Promise<boolean> {
    let limits: Record<string, number>;
    try {
      limits = (await this.d.serviceConfig.reload(baseUrl))?.limits ?? {};
    } catch {
      return false;
    }
    let parts;
    try {
      parts = planChunks({ type: job.type, ...pick(chunk) }, limits);
    } catch {
      return false;
    }
    if (parts.length <= 1) return false;
    this.d.store.replaceChunk(job.id, chunk.seq, parts);
    this.d.logger.warn(
      { jobId: job.id, seq: chunk.seq, parts: parts.length },
      "Apple lowered its limits; chunk split",
    );
    return true;
  }
}

const pick = (c: Chunk) => ({
  assets: c.assets,
  serialNumbers: c.serialNumbers,
  clientUserIds: c.clientUserIds,
});

/** How long to wait before retrying a send, or undefined when retrying cannot help. */
function retryWait(err: unknown): number | undefined {
  if (err instanceof GateClosedError) return err.retryAfterSeconds * 1000;
  if (err instanceof AppleApiError && isThrottle(err.httpStatus, err.error.errorNumber))
    return (err.retryAfterSeconds ?? 1) * 1000;
  if (err instanceof AppleApiError && err.httpStatus >= 500) return (err.retryAfterSeconds ?? 2) * 1000;
  if (err instanceof UpstreamUnavailableError) return (err.retryAfterSeconds ?? 2) * 1000;
  return undefined;
}
