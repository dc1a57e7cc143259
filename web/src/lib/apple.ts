// Apple's v2 contract is defined once, in the proxy's contract module.
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
} from "@vpp/proxy/contract";
export { assetKey, UNLIMITED_COUNT } from "@vpp/proxy/contract";
