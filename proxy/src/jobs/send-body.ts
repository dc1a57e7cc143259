import { explainAppleError } from "../apple/errors.js";
import type { ErrorResponse } from "../apple/types.js";
import { isUserJob } from "../contract/index.js";
import type { PlannedChunk } from "./plan.js";
import type { Chunk, Job } from "./store.js";
import type { FailureRow } from "./targets.js";

/** What a chunk sends: assets and targets, or (a people job) the users themselves. */
export function bodyOf(job: Job, c: Pick<Chunk, "assets" | "serialNumbers" | "clientUserIds">) {
  if (isUserJob(job.type)) {
    const sent = sentUsers(job);
    return { users: c.clientUserIds.map((clientUserId) => sent.get(clientUserId) ?? { clientUserId }) };
  }
  return {
    ...(job.type !== "revoke" ? { assets: c.assets } : {}),
    ...(c.serialNumbers.length ? { serialNumbers: c.serialNumbers } : {}),
    ...(c.clientUserIds.length ? { clientUserIds: c.clientUserIds } : {}),
  };
}

/** A people job's users by clientUserId (retire sends only the id). */
export const sentUsers = (job: Job) => new Map((job.request.users ?? []).map((u) => [u.clientUserId, u]));

/**
 * A people request Apple refused for some of its users only (9717 names the bad e-mails): the
 * refused ones as a failed part in the chunk's place, the others as a part of their own to send.
 */
export function splitRefused(
  chunk: Chunk,
  error: ErrorResponse,
): { parts: PlannedChunk[]; rows: FailureRow[]; message: string } | undefined {
  const named = new Set(error.errorInfo?.clientUserIds ?? []);
  const bad = chunk.clientUserIds.filter((id) => named.has(id));
  const good = chunk.clientUserIds.filter((id) => !named.has(id));
  if (bad.length === 0 || good.length === 0) return undefined;
  const part = (clientUserIds: string[]) => ({ seq: 0, assets: [], serialNumbers: [], clientUserIds });
  const rows = bad.map((clientUserId) => ({
    errorNumber: error.errorNumber,
    errorMessage: error.errorMessage,
    adamId: null,
    pricingParam: null,
    serialNumber: null,
    clientUserId,
  }));
  return { parts: [part(bad), part(good)], rows, message: explainAppleError(error.errorNumber) };
}
