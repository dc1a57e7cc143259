import { queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "../api-client";
import { isUserJob, type JobInput } from "@vpp/proxy/contract";
import type { Chunk, JobPlan, JobSnapshot, JobState, JobType } from "../api-types";

export type { JobInput } from "@vpp/proxy/contract";
export type { JobPlan, JobState, JobType };
export type JobChunk = Chunk;
export type JobFailure = JobSnapshot["failures"][number];
/** A job as the proxy sends it (the list leaves out chunks and failures and adds failureCount). */
export type Job = JobSnapshot & { failureCount?: number };

export const jobKeys = {
  all: ["jobs"] as const,
  list: (locationId: string) => [...jobKeys.all, "list", locationId] as const,
  detail: (id: string) => [...jobKeys.all, "detail", id] as const,
};

export const jobsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: jobKeys.list(locationId),
    queryFn: () => apiFetch<Job[]>(`/api/locations/${locationId}/jobs`),
    refetchInterval: (q) =>
      q.state.data?.some((j) => j.state === "queued" || j.state === "running") ? 2000 : false,
    staleTime: 5_000,
  });

export const planJob = (locationId: string, input: JobInput) =>
  postJson<JobPlan>(`/api/locations/${locationId}/jobs/plan`, input);
export const submitJob = (locationId: string, input: JobInput) =>
  postJson<Job>(`/api/locations/${locationId}/jobs`, input);
export const retryFailed = (jobId: string) => postJson<Job>(`/api/jobs/${jobId}/retry-failed`);
export const cancelJob = (jobId: string) => postJson<Job>(`/api/jobs/${jobId}/cancel`);
/** Go on with a paused job; after another MDM took over, only with `confirmTakeover`. */
export const resumeJob = (jobId: string, body: { confirmTakeover?: boolean }) =>
  postJson<Job>(`/api/jobs/${jobId}/resume`, body);

/** Apple's total tasks for a job: assets × targets (revoke: known only from Apple's events). */
export function expectedTasks(job: Pick<Job, "type" | "request" | "numRequested" | "chunks">): number {
  if (isUserJob(job.type)) return job.request.clientUserIds.length;
  if (job.type === "revoke")
    return job.chunks.every((c) => c.numRequested !== null)
      ? job.numRequested
      : Math.max(job.numRequested, 1);
  return job.request.assets.length * (job.request.serialNumbers.length + job.request.clientUserIds.length);
}
