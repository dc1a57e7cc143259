/**
 * The contract between the proxy and the web, defined once: Apple's v2 types, the proxy API's
 * types and request schemas, and the small rules both sides apply. It runs in the browser too, so
 * nothing here may import Node. The web imports this (`@vpp/proxy/contract`) and nothing else of
 * the proxy.
 */
import type { JobType, UserJobType } from "../api-types.js";

export type * from "../api-types.js";
export type {
  Assignment,
  ErrorResponse,
  GetAssetsResponse,
  GetAssignmentsResponse,
  GetUsersResponse,
  MdmInfo,
  Page,
  Platform,
  PricingParam,
  ProductType,
  ResponseAsset,
  ResponseUser,
  UserStatus,
} from "../apple/types.js";
export { UNLIMITED_COUNT } from "../apple/types.js";
export { explainAppleError, TOKEN_REFUSALS } from "../apple/errors.js";
export { parseAppleDate } from "../apple/dates.js";
export {
  assignmentQuerySchema,
  jobInputSchema,
  registerPeopleSchema,
  retirePeopleSchema,
  searchQuerySchema,
  syncRequestSchema,
  userQuerySchema,
  type AssignmentQuery,
  type JobInput,
  type RegisterPeople,
  type RetirePeople,
  type UserQuery,
} from "./schemas.js";
export * from "./reclaim.js";
export * from "./api-tokens.js";
export * from "./alerts.js";

/** An asset's key everywhere (URLs, tables, exports): "adamId:STDQ"; an omitted pricingParam is STDQ. */
export const assetKey = (a: { adamId: string; pricingParam?: string | null | undefined }): string =>
  `${a.adamId}:${a.pricingParam ?? "STDQ"}`;

const USER_JOBS = new Set(["create-users", "update-users", "retire-users"]);

/** A people job (users/create, users/update, users/retire): its targets are clientUserIds, no assets. */
export const isUserJob = (type: string): type is UserJobType => USER_JOBS.has(type);

/** Apple's endpoint for a job type: assets/associate …, users/create …. */
export const jobEndpoint = (type: JobType): string =>
  isUserJob(type) ? `users/${type.slice(0, -"-users".length)}` : `assets/${type}`;

/**
 * Why an e-mail address is visibly malformed (refused before anything reaches Apple), or undefined.
 * Apple checks more (9717 names the addresses it refuses); this only catches what is plainly wrong.
 */
export function emailProblem(email: string): string | undefined {
  if (email.length > 254) return "longer than 254 characters";
  if (/\s/.test(email)) return "contains spaces";
  const at = email.indexOf("@");
  if (at < 1 || at !== email.lastIndexOf("@") || at === email.length - 1)
    return "is not an e-mail address (name@domain)";
  return undefined;
}

/** A user Apple counts as active (at most one per clientUserId): Registered or Associated. */
export const isActiveUser = (status: string | null | undefined): boolean =>
  status === "Registered" || status === "Associated";
