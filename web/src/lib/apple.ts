// Apple's v2 contract is defined once, in the proxy; the web only imports its types.
export type {
  Assignment,
  ErrorResponse,
  GetAssetsResponse,
  GetAssignmentsResponse,
  GetUsersResponse,
  Page,
  PricingParam,
  ProductType,
  ResponseAsset,
  ResponseUser,
  UserStatus,
} from "../../../proxy/src/apple/types";

/** Apple's totalCount for free (unlimited) assets. */
export const UNLIMITED_COUNT = 2147483647;
