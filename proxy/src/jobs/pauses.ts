import { AppleApiError } from "../apple/client.js";
import { explainAppleError, TOKEN_REFUSALS } from "../apple/errors.js";
import type { LocationView } from "../api-types.js";
import type { Job, JobPause } from "./store.js";

/** The job must stop calling Apple until someone acts; carries the reason shown on the job. */
export class PauseJob extends Error {
  constructor(readonly pause: JobPause) {
    super(pause.message);
  }
}

export function tokenPause(errorNumber: number): PauseJob {
  return new PauseJob({
    code: "TOKEN_REFUSED",
    message: `Apple refused this location's token (${errorNumber}). ${explainAppleError(errorNumber)} The job keeps its place and goes on when the new token is uploaded.`,
    appleErrorNumber: errorNumber,
    at: new Date().toISOString(),
  });
}

export const asTokenPause = (err: unknown): PauseJob | undefined =>
  err instanceof AppleApiError && TOKEN_REFUSALS.has(err.error.errorNumber)
    ? tokenPause(err.error.errorNumber)
    : undefined;

/**
 * Why a job must not call Apple now, if it must not: Apple refused the location's token, or (unless
 * only the token is asked about) another MDM manages the location since the job was confirmed.
 */
export function pauseFor(location: LocationView, job: Job, only?: "token"): PauseJob | undefined {
  if (location.tokenRefused) return tokenPause(location.tokenRefused.errorNumber);
  const mdm = location.mdmInfo;
  if (only === "token" || !location.managedByOther || !mdm || mdm.id === job.acknowledgedMdm)
    return undefined;
  return new PauseJob({
    code: "MANAGED_BY_OTHER",
    message: `${mdm.name} now manages this location (Apple's answers name it). Changing licences from two MDMs makes allocation unpredictable, so nothing more is sent until an admin confirms the takeover.`,
    at: new Date().toISOString(),
  });
}
