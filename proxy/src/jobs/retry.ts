import { ApiError } from "../http/errors.js";
import { cleanAssets, cleanTargets } from "./plan.js";
import type { JobInput } from "./service.js";
import type { Job, JobStore } from "./store.js";

/**
 * A new job for the targets that failed, were found not done, or stayed unconfirmed (their assets ×
 * those targets; Apple does not charge a pair twice). People jobs resend the same people.
 */
export function retryInput(store: JobStore, job: Job): JobInput {
  const failures = [
    ...store.evidence.failures(job.id),
    ...store.evidence.outcomes(job.id).filter((o) => o.outcome !== "verified"),
    ...store
      .chunks(job.id)
      .filter((c) => c.state === "unconfirmed")
      .flatMap((c) => [
        ...c.serialNumbers.map((serialNumber) => ({
          serialNumber,
          clientUserId: null,
          adamId: null,
          pricingParam: null,
        })),
        ...c.clientUserIds.map((clientUserId) => ({
          serialNumber: null,
          clientUserId,
          adamId: null,
          pricingParam: null,
        })),
      ]),
  ];
  const retryAssets = job.request.assets;
  const retryIds = new Set(failures.flatMap((f) => (f.clientUserId ? [f.clientUserId] : [])));
  if (failures.length === 0) throw new ApiError(400, "NOTHING_FAILED", "Nothing failed in this job.");
  const named = cleanAssets(
    failures.flatMap((f) =>
      f.adamId ? [{ adamId: f.adamId, pricingParam: (f.pricingParam ?? "STDQ") as "STDQ" | "PLUS" }] : [],
    ),
  );
  // A target unconfirmed as a whole (its chunk's event never answered) retries every asset of the job.
  const assets = failures.some((f) => f.adamId === null) ? cleanAssets([...named, ...retryAssets]) : named;
  return {
    type: job.type,
    assets: job.type === "revoke" ? [] : assets,
    serialNumbers: cleanTargets(failures.flatMap((f) => (f.serialNumber ? [f.serialNumber] : []))),
    clientUserIds: [...retryIds],
    ...(job.request.users ? { users: job.request.users.filter((u) => retryIds.has(u.clientUserId)) } : {}),
    force: true,
    confirmOtherMdm: true,
  };
}
