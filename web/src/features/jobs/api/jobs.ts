import { queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "../../../lib/api-client";

export type JobType = "associate" | "disassociate" | "revoke";
export type JobState = "queued" | "running" | "complete" | "failed" | "cancelled";

export interface JobInput {
  type: JobType;
  assets?: { adamId: string; pricingParam: "STDQ" | "PLUS" }[];
  serialNumbers?: string[];
  clientUserIds?: string[];
  force?: boolean;
  confirmOtherMdm?: boolean;
}

export interface JobPlan {
  requests: number;
  limits: Record<string, number>;
  perAsset: { adamId: string; pricingParam: string; needed: number; available: number | null }[];
  warnings: string[];
}

export interface JobChunk {
  seq: number;
  state: "planned" | "sending" | "sent" | "complete" | "failed" | "cancelled";
  assets: { adamId: string; pricingParam: string }[];
  serialNumbers: string[];
  clientUserIds: string[];
  eventId: string | null;
  eventStatus: string | null;
  numRequested: number | null;
  numCompleted: number | null;
  possiblyRepeated: boolean;
  error: string | null;
}

export interface JobFailure {
  seq: number;
  errorNumber: number;
  errorMessage: string;
  explanation: string;
  adamId: string | null;
  pricingParam: string | null;
  serialNumber: string | null;
  clientUserId: string | null;
}

export interface Job {
  id: string;
  locationId: string;
  type: JobType;
  state: JobState;
  request: {
    type: JobType;
    assets: { adamId: string; pricingParam: string }[];
    serialNumbers: string[];
    clientUserIds: string[];
  };
  plan: JobPlan;
  requestedBy: string;
  retryOf: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  numRequested: number;
  numCompleted: number;
  chunksSent: number;
  chunks: JobChunk[];
  failures: JobFailure[];
  failureCount?: number;
}

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

/** Apple's total tasks for a job: assets × targets (revoke: known only from Apple's events). */
export function expectedTasks(job: Pick<Job, "type" | "request" | "numRequested" | "chunks">): number {
  if (job.type === "revoke")
    return job.chunks.every((c) => c.numRequested !== null)
      ? job.numRequested
      : Math.max(job.numRequested, 1);
  return job.request.assets.length * (job.request.serialNumbers.length + job.request.clientUserIds.length);
}
