/**
 * The contract between the proxy and the web, defined once: Apple's v2 types, the proxy API's
 * types and request schemas, and the small rules both sides apply. It runs in the browser too, so
 * nothing here may import Node. The web imports this (`@vpp/proxy/contract`) and nothing else of
 * the proxy.
 */
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
  searchQuerySchema,
  syncRequestSchema,
  userQuerySchema,
  type AssignmentQuery,
  type JobInput,
  type UserQuery,
} from "./schemas.js";

/** An asset's key everywhere (URLs, tables, exports): "adamId:STDQ"; an omitted pricingParam is STDQ. */
export const assetKey = (a: { adamId: string; pricingParam?: string | null | undefined }): string =>
  `${a.adamId}:${a.pricingParam ?? "STDQ"}`;
