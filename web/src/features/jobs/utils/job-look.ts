import { isUserJob } from "@vpp/proxy/contract";
import type { Chunk, JobState, JobType } from "../../../lib/api-types";
import type { Job } from "../../../lib/api/jobs";
import { formatCount } from "../../../lib/format";

/** How a job's state looks everywhere (list, live page). */
export const STATE_LOOK: Record<JobState, { color: string; label: string }> = {
  queued: { color: "gray", label: "queued" },
  running: { color: "blue", label: "running" },
  paused: { color: "yellow", label: "paused" },
  complete: { color: "teal", label: "complete" },
  failed: { color: "red", label: "finished with failures" },
  cancelled: { color: "orange", label: "cancelled" },
};

export const VERB: Record<JobType, string> = {
  associate: "Assign",
  disassociate: "Unassign",
  revoke: "Revoke",
  "create-users": "Register",
  "update-users": "Update",
  "retire-users": "Retire",
};

/** A job in a few words: "Assign Keynote, Pages", "Revoke every revocable licence", "Register 2,500 people". */
export function jobTitle(job: Pick<Job, "type" | "request">, names: ReadonlyMap<string, string>): string {
  if (isUserJob(job.type)) {
    const n = job.request.clientUserIds.length;
    return `${VERB[job.type]} ${formatCount(n)} ${n === 1 ? "person" : "people"}`;
  }
  const assets = job.request.assets.map((a) => names.get(a.adamId) ?? a.adamId).join(", ");
  return `${VERB[job.type]} ${assets || "every revocable licence"}`;
}

/** A job that can still change (and be cancelled). */
export const isOpen = (state: JobState) => state === "queued" || state === "running" || state === "paused";

/** What a request to Apple is doing, in words; says how its outcome is known once it is done. */
export function chunkLabel(c: Pick<Chunk, "state" | "eventStatus" | "confirmation">): string {
  if (c.state === "sent" && c.eventStatus === "UNKNOWN") return "checking Apple's assignments";
  const base: Record<Chunk["state"], string> = {
    planned: "waiting",
    sending: "sending",
    sent: "processing at Apple",
    complete: "complete",
    failed: "finished with failures",
    cancelled: "cancelled (not sent)",
    unconfirmed: "sent; outcome unknown",
  };
  if (c.confirmation === "reconciled") return `${base[c.state]} (checked in Apple's assignments)`;
  return base[c.state];
}
