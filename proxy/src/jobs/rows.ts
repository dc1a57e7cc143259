import type {
  Chunk,
  ChunkState,
  Confirmation,
  Job,
  JobAsset,
  JobPause,
  JobPlan,
  JobRequest,
  JobState,
  JobType,
} from "../api-types.js";

export interface JobRow {
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
  paused: string | null;
  acknowledged_mdm: string | null;
}

const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

export const toJob = (r: JobRow): Job => ({
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
  paused: r.paused ? (JSON.parse(r.paused) as JobPause) : null,
  acknowledgedMdm: r.acknowledged_mdm,
});

/** A job_chunks row as the API's Chunk. */
export const toChunk = (r: Record<string, unknown>): Chunk => ({
  seq: r.seq as number,
  state: r.state as ChunkState,
  assets: JSON.parse(r.assets as string) as JobAsset[],
  serialNumbers: JSON.parse(r.serial_numbers as string) as string[],
  clientUserIds: JSON.parse(r.client_user_ids as string) as string[],
  eventId: (r.event_id as string | null) ?? null,
  eventStatus: (r.event_status as string | null) ?? null,
  sentAt: r.sent_at === null || r.sent_at === undefined ? null : new Date(r.sent_at as number).toISOString(),
  numRequested: (r.num_requested as number | null) ?? null,
  numCompleted: (r.num_completed as number | null) ?? null,
  possiblyRepeated: r.possibly_repeated === 1,
  attempts: r.attempts as number,
  error: (r.error as string | null) ?? null,
  confirmation: (r.confirmation as Confirmation | null) ?? null,
});
