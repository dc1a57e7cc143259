/**
 * Apple's App and Book Management API v2 contract, as documented
 * (shared/reference/apple-v2-api.md). Apple marks almost every response field optional;
 * the types keep what Apple guarantees in practice and mark the rest optional.
 * The web imports these with `import type` — this is the only copy.
 */

export type PricingParam = "STDQ" | "PLUS";
export type ProductType = "App" | "Book";
export type Platform = "iOS" | "macOS" | "tvOS" | "watchOS" | "visionOS";
export type UserStatus = "Registered" | "Associated" | "Retired" | "Deleted";
export type EventStatus = "PENDING" | "COMPLETE" | "FAILED";
export type EventType = "ASSOCIATE" | "DISASSOCIATE" | "REVOKE" | "CREATE" | "UPDATE" | "RETIRE";
export type NotificationType =
  | "TEST_NOTIFICATION"
  | "ASSET_MANAGEMENT"
  | "USER_MANAGEMENT"
  | "USER_ASSOCIATED"
  | "ASSET_COUNT"
  | "SUBSCRIPTION_MANAGEMENT"
  | "SUBSCRIPTION_COUNT"
  | "UNLIMITED_ASSET";

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  "TEST_NOTIFICATION",
  "ASSET_MANAGEMENT",
  "USER_MANAGEMENT",
  "USER_ASSOCIATED",
  "ASSET_COUNT",
  "SUBSCRIPTION_MANAGEMENT",
  "SUBSCRIPTION_COUNT",
  "UNLIMITED_ASSET",
];

/** The Base64 JSON inside a `.vpptoken` file. */
export interface DecodedToken {
  token: string;
  expDate: string;
  orgName: string;
}

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

/** Fields every authenticated v2 response may carry. */
export interface Envelope {
  uId?: string;
  tokenExpirationDate?: string;
  mdmInfo?: MdmInfo;
}

export interface ErrorInfo {
  assets?: RequestAsset[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface ErrorResponse {
  errorNumber: number;
  errorMessage: string;
  errorInfo?: ErrorInfo;
}

export interface Page {
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
  versionId: string;
}

export interface RequestAsset {
  adamId: string;
  pricingParam?: PricingParam;
}

export interface ResponseAsset {
  adamId: string;
  assignedCount: number;
  availableCount: number;
  deviceAssignable: boolean;
  pricingParam: PricingParam;
  productType: ProductType;
  retiredCount: number;
  revocable: boolean;
  supportedPlatforms: Platform[];
  totalCount: number;
}

export type UnlimitedResponseAsset = Omit<ResponseAsset, "availableCount" | "totalCount" | "retiredCount">;

export interface GetAssetsResponse extends Envelope, Page {
  assets: ResponseAsset[];
  unlimitedAssets?: UnlimitedResponseAsset[];
}

export interface Assignment {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId?: string;
  serialNumber?: string;
  userStatus?: UserStatus;
  idHash?: string;
}

export interface GetAssignmentsResponse extends Envelope, Page {
  assignments: Assignment[];
}

export interface ResponseUser {
  clientUserId: string;
  email?: string;
  idHash?: string;
  inviteCode?: string;
  status: UserStatus;
}

export interface GetUsersResponse extends Envelope, Page {
  users: ResponseUser[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface ManageUsersRequest {
  users: RequestUser[];
}

export interface ManageAssetsRequest {
  assets: RequestAsset[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface RevokeAssetsRequest {
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface EventResponse extends Envelope {
  eventId: string;
}

export interface StatusResponse extends Envelope {
  eventStatus: EventStatus;
  eventType: EventType;
  numCompleted: number;
  numRequested: number;
  failures?: ErrorResponse[];
}

export type Limits = Partial<Record<LimitName, number>> & Record<string, number>;
export type LimitName =
  | "maxAssets"
  | "maxUsers"
  | "maxNotificationLength"
  | "maxRevokeClientUserIds"
  | "maxClientUserIds"
  | "maxSerialNumbers"
  | "maxRevokeSerialNumbers"
  | "maxRequestPerSecond"
  | "maxSubscriptions"
  | "maxSubscriptionClientUserIds"
  | "maxMdmNameLength"
  | "maxMdmMetadataLength"
  | "maxMdmIdLength";

export interface ServiceConfigResponse {
  errorCodes: { errorNumber: number; errorMessage: string }[];
  limits: Limits;
  notificationTypes: NotificationType[];
  urls: Record<string, string>;
}

export interface ClientConfigRequest {
  mdmInfo?: MdmInfo;
  notificationAuthToken?: string;
  notificationUrl?: string;
  notificationTypes?: NotificationType[];
}

export interface ClientConfigResponse extends Envelope {
  countryISO2ACode: string;
  defaultPlatform: "volumestore" | "enterprisestore";
  locationName: string;
  notificationAuthToken?: string;
  notificationUrl?: string;
  subscribedNotificationTypes: NotificationType[];
  websiteURL: string;
}

export interface NotificationEnvelope<T = unknown> {
  notification: T;
  notificationId: string;
  notificationType: NotificationType;
  uId: string;
}

export interface AssetManagementNotification {
  assignments: Assignment[];
  eventId: string;
  result: "SUCCESS" | "FAILURE";
  type: "ASSOCIATE" | "DISASSOCIATE" | "REVOKE";
  error?: ErrorResponse;
}

export interface UserManagementNotification {
  eventId: string;
  result: "SUCCESS" | "FAILURE";
  type: "CREATE" | "UPDATE" | "RETIRE";
  users: ResponseUser[];
  error?: ErrorResponse;
}

export interface AssetCountNotification {
  adamId: string;
  countDelta: number;
  pricingParam: PricingParam;
}

export interface UserAssociatedNotification {
  associatedUsers: ResponseUser[];
}

/** One app or book from the content metadata lookup (legacy `contentMetadataLookup` shape). */
export interface LookupItem {
  id: string;
  name: string;
  bundleId?: string;
  artistName?: string;
  kind: string;
  deviceFamilies?: string[];
  isB2BCustomApp?: boolean;
  artwork?: { url: string; width: number; height: number; bgColor?: string };
}

export interface LookupResponse {
  results: Record<string, LookupItem>;
  version: number;
  isAuthenticated: false;
  meta: { storefront: { id: string; cc: string }; language: { tag: string } };
}

/** The value Apple uses for `totalCount` of unlimited (free) assets. */
export const UNLIMITED_COUNT = 2147483647;
