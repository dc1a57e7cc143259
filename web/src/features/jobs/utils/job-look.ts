import type { Chunk, JobState, JobType } from "../../../lib/api-types";

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
};

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
