import crypto from "node:crypto";
import { allAssets } from "../apple/pages.js";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { ResponseAsset } from "../apple/types.js";
import { UNLIMITED_COUNT } from "../apple/types.js";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import {
  cleanAssets,
  cleanSerials,
  cleanTargets,
  planChunks,
  type JobRequest,
  type JobType,
  type PlannedChunk,
} from "./plan.js";
import { isUserJob } from "../contract/index.js";
import { userJobRequest, type UserJobInput } from "./plan-users.js";
import { retryInput } from "./retry.js";
import type { Db } from "../store/db.js";
import { heldByTargets } from "../sync/copy-holdings.js";
import type { JobRunner, JobSnapshot } from "./runner.js";
import type { JobPlan, JobStore } from "./store.js";

export interface JobInput {
  type: JobType;
  /** create-users / update-users: each person as sent to Apple. */
  users?: UserJobInput["users"];
  /** retire-users: take back their licences first (a revoke job that runs just before). */
  revokeLicences?: boolean | undefined;
  /** The job that must run first (set by the console, not the API). */
  after?: string | undefined;
  assets?: { adamId: string; pricingParam?: "STDQ" | "PLUS" | undefined }[] | undefined;
  serialNumbers?: string[] | undefined;
  clientUserIds?: string[] | undefined;
  /** Go ahead although some licences will fail for want of availability. */
  force?: boolean | undefined;
  /** Go ahead although another MDM manages the location. */
  confirmOtherMdm?: boolean | undefined;
}

const MAX_TARGETS = 100_000;

/** Validates and plans jobs against Apple's live limits and counts, then hands them to the runner. */
export class JobService {
  constructor(
    private readonly deps: {
      store: JobStore;
      runner: JobRunner;
      locations: LocationService;
      serviceConfig: ServiceConfigCache;
      audit: AuditLog;
      db: Db;
    },
  ) {}

  /** The plan for a request: requests needed, licences needed vs available, warnings. Nothing is stored. */
  async plan(
    locationId: string,
    input: JobInput,
  ): Promise<{ request: JobRequest; plan: JobPlan; chunks: PlannedChunk[] }> {
    const t = this.deps.locations.usableTarget(locationId, "no job can run");
    if (t.location.managedByOther && !input.confirmOtherMdm) {
      throw new ApiError(
        409,
        "MANAGED_BY_OTHER",
        `${t.location.mdmInfo?.name ?? "Another MDM"} manages this location. Changing licences from two MDMs makes allocation unpredictable; confirm to go ahead anyway.`,
      );
    }
    const request: JobRequest = isUserJob(input.type)
      ? userJobRequest({ ...input, type: input.type })
      : {
          type: input.type,
          assets: input.type === "revoke" ? [] : cleanAssets(input.assets ?? []),
          serialNumbers: cleanSerials(input.serialNumbers ?? []),
          clientUserIds: cleanTargets(input.clientUserIds ?? []),
        };
    if (input.after) request.after = input.after;
    const targets = request.serialNumbers.length + request.clientUserIds.length;
    if (targets === 0)
      throw new ApiError(400, "NO_TARGETS", "Name at least one serial number or clientUserId.");
    if (targets > MAX_TARGETS)
      throw new ApiError(
        400,
        "TOO_MANY_TARGETS",
        `At most ${MAX_TARGETS.toLocaleString("en-US")} targets per job; split the list.`,
      );
    if (input.type !== "revoke" && !isUserJob(input.type) && request.assets.length === 0)
      throw new ApiError(400, "NO_ASSETS", "Choose at least one app or book.");

    let limits: Record<string, number>;
    try {
      limits = (await this.deps.serviceConfig.get(t.baseUrl)).limits;
    } catch {
      throw new ApiError(
        503,
        "LIMITS_UNKNOWN",
        "Apple's current request limits could not be read, so the work cannot be planned. Try again shortly.",
      );
    }
    let chunks: PlannedChunk[];
    try {
      chunks = planChunks(request, limits);
    } catch (err) {
      throw new ApiError(
        503,
        "LIMITS_UNKNOWN",
        err instanceof Error ? err.message : "Apple's limits are incomplete.",
      );
    }

    const perAsset: JobPlan["perAsset"] = [];
    const warnings: string[] = [];
    if (input.type !== "revoke" && !isUserJob(input.type)) {
      const owned = await this.ownedAssets(t);
      const unknown = request.assets.filter((a) => !owned.has(`${a.adamId}:${a.pricingParam}`));
      if (unknown.length) {
        throw new ApiError(
          400,
          "UNKNOWN_ASSET",
          `This location owns no ${unknown.map((a) => `${a.adamId} (${a.pricingParam})`).join(", ")}.`,
        );
      }
      const records = request.assets.map((a) => owned.get(`${a.adamId}:${a.pricingParam}`) as ResponseAsset);
      if (request.serialNumbers.length) {
        const notDevice = records.filter((a) => !a.deviceAssignable);
        if (notDevice.length) {
          throw new ApiError(
            400,
            "NOT_DEVICE_ASSIGNABLE",
            `${notDevice.map((a) => a.adamId).join(", ")} cannot be assigned to devices (books never can): assign ${notDevice.length === 1 ? "it" : "them"} to users, or remove the serial numbers.`,
            9707,
          );
        }
      }
      if (input.type === "disassociate") {
        const notRevocable = records.filter((a) => !a.revocable);
        if (notRevocable.length) {
          throw new ApiError(
            400,
            "NOT_REVOCABLE",
            `${notRevocable.map((a) => a.adamId).join(", ")} cannot be taken back (books never can).`,
            9706,
          );
        }
      }
      for (const a of records) {
        const unlimited = a.totalCount >= UNLIMITED_COUNT;
        perAsset.push({
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          needed: targets,
          available: unlimited ? null : a.availableCount,
        });
        if (input.type === "associate" && !unlimited && targets > a.availableCount) {
          warnings.push(
            `${a.adamId} (${a.pricingParam}) needs ${targets.toLocaleString("en-US")}, ${a.availableCount.toLocaleString("en-US")} available: up to ${(targets - a.availableCount).toLocaleString("en-US")} will fail (fewer if some targets already hold it).`,
          );
        }
      }
    }
    const plan: JobPlan = { requests: chunks.length, limits, perAsset, warnings };
    if (input.type === "disassociate" || input.type === "revoke") {
      const held = heldByTargets(
        this.deps.db,
        locationId,
        request,
        input.type === "revoke" ? "revocable" : request.assets,
      );
      plan.takeBack = held
        ? { perAsset: held.perAsset, ...(held.syncedAt ? { syncedAt: held.syncedAt } : {}) }
        : null;
    }
    return { request, plan, chunks };
  }

  async create(
    locationId: string,
    input: JobInput,
    actor: string,
    retryOf?: string,
  ): Promise<JobSnapshot | undefined> {
    if (input.type === "retire-users" && input.revokeLicences)
      return this.retireAfterRevoke(locationId, input, actor);
    const { request, plan, chunks } = await this.plan(locationId, input);
    const acknowledgedMdm = this.deps.locations.get(locationId).mdmInfo?.id ?? null;
    if (plan.warnings.length && !input.force) {
      throw new ApiError(
        400,
        "NOT_ENOUGH_LICENCES",
        `Not enough licences: ${plan.warnings.join(" ")} Confirm to go ahead anyway.`,
      );
    }
    const id = crypto.randomUUID();
    this.deps.store.create(
      { id, locationId, request, plan, requestedBy: actor, acknowledgedMdm, ...(retryOf ? { retryOf } : {}) },
      chunks,
    );
    this.deps.audit.record(actor, "job.create", id, "ok", {
      locationId,
      type: request.type,
      assets: request.assets.length,
      serialNumbers: request.serialNumbers.length,
      clientUserIds: request.clientUserIds.length,
      requests: plan.requests,
      ...(retryOf ? { retryOf } : {}),
    });
    this.deps.runner.kick(locationId);
    return this.deps.runner.snapshot(id);
  }

  /**
   * Retire people and take their licences back: a revoke job of the same people first, then the
   * retire job, queued together (a location runs one job at a time, in order). Returns the retire job.
   */
  private async retireAfterRevoke(
    locationId: string,
    input: JobInput,
    actor: string,
  ): Promise<JobSnapshot | undefined> {
    const retire = await this.plan(locationId, { ...input, revokeLicences: false });
    const revoke = await this.create(
      locationId,
      { type: "revoke", clientUserIds: retire.request.clientUserIds, confirmOtherMdm: input.confirmOtherMdm },
      actor,
    );
    if (!revoke) throw new ApiError(500, "JOB_LOST", "The revoke job could not be read back.");
    return this.create(locationId, { ...input, revokeLicences: false, after: revoke.id }, actor);
  }

  /** End the job: chunks not yet sent are cancelled; those already sent are Apple's and shown as unconfirmed. */
  cancel(jobId: string, actor: string) {
    const job = this.get(jobId);
    if (job.state !== "queued" && job.state !== "running" && job.state !== "paused")
      throw new ApiError(409, "JOB_FINISHED", "The job has already finished.");
    this.deps.audit.record(actor, "job.cancel", jobId, "ok");
    this.deps.runner.cancel(jobId);
    return this.deps.runner.snapshot(jobId);
  }

  /** Go on with a paused job: after another MDM took over, only with the admin's explicit confirmation. */
  resume(jobId: string, actor: string, confirmTakeover: boolean) {
    const job = this.get(jobId);
    if (job.state !== "paused" || !job.paused)
      throw new ApiError(409, "JOB_NOT_PAUSED", "The job is not paused.");
    const location = this.deps.locations.get(job.locationId);
    if (location.tokenRefused) {
      throw new ApiError(
        409,
        "TOKEN_REFUSED",
        `Apple still refuses this location's token. ${location.tokenRefused.message}`,
        location.tokenRefused.errorNumber,
      );
    }
    if (job.paused.code === "MANAGED_BY_OTHER" && location.managedByOther && !confirmTakeover) {
      throw new ApiError(
        409,
        "MANAGED_BY_OTHER",
        `${location.mdmInfo?.name ?? "Another MDM"} manages this location now. Confirm the takeover to send the rest of the job anyway.`,
      );
    }
    this.deps.runner.resumePaused(job, actor);
    return this.deps.runner.snapshot(jobId);
  }

  private get(jobId: string) {
    const job = this.deps.store.get(jobId);
    if (!job) throw new ApiError(404, "JOB_NOT_FOUND", "There is no such job.");
    return job;
  }

  /**
   * A new job for the targets that failed, were found not done, or stayed unconfirmed (their assets ×
   * those targets; Apple does not charge a pair twice).
   */
  async retryFailed(jobId: string, actor: string) {
    const job = this.get(jobId);
    if (job.state === "queued" || job.state === "running" || job.state === "paused")
      throw new ApiError(409, "JOB_RUNNING", "The job is still running.");
    return this.create(job.locationId, retryInput(this.deps.store, job), actor, jobId);
  }

  private async ownedAssets(t: ReturnType<LocationService["target"]>): Promise<Map<string, ResponseAsset>> {
    return new Map((await allAssets(t)).map((a) => [`${a.adamId}:${a.pricingParam}`, a]));
  }
}
