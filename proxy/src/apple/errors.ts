import type { ErrorInfo, ErrorResponse } from "./types.js";

interface ErrorDef {
  /** Apple's message text (service/config example, handling-error-responses page). */
  message: string;
  /** HTTP status Apple documents for a synchronous answer; async-only codes use 200 here. */
  status: number;
  /** What it means for a content manager, in plain words. */
  explanation: string;
}

/** Every documented v2 error number (apple-v2-api.md §8). Match on the number, never the text. */
export const APPLE_ERRORS = {
  9601: {
    message: "Login required.",
    status: 401,
    explanation:
      "Apple no longer accepts this content token. Download the newest token for this location from Apple School Manager or Apple Business Manager (Settings → Apps and Books) and upload it here.",
  },
  9602: {
    message: "Invalid argument.",
    status: 400,
    explanation: "Apple refused a parameter of the request as invalid.",
  },
  9603: {
    message: "Internal error.",
    status: 500,
    explanation: "Apple's service had an internal error. Try again later.",
  },
  9609: {
    message: "Unable to find the registered user.",
    status: 400,
    explanation: "No registered (active) user has this clientUserId at this location.",
  },
  9610: {
    message: "License not found.",
    status: 400,
    explanation: "Apple could not find a licence for this assignment.",
  },
  9621: {
    message:
      "The token has expired. You need to generate a new token online using your organization's account at either school.apple.com or business.apple.com.",
    status: 401,
    explanation:
      "The content token has expired. Download a new one from Apple School Manager or Apple Business Manager (Settings → Apps and Books).",
  },
  9622: {
    message: "Invalid authentication token.",
    status: 401,
    explanation: "Apple did not recognise the content token. Download a new token and upload it again.",
  },
  9625: {
    message: "The server has revoked the sToken.",
    status: 401,
    explanation:
      "The token was revoked: a newer token was downloaded in Apple School Manager or Apple Business Manager. Upload the newest one for this location.",
  },
  9634: {
    message: "Service removed.",
    status: 410,
    explanation: "Apple no longer offers this service.",
  },
  9635: {
    message: "Could not associate the Apple Account with the user.",
    status: 200,
    explanation: "Apple could not link the Apple Account to the user.",
  },
  9637: {
    message: "This operation is not allowed for facilitator accounts.",
    status: 403,
    explanation:
      "This token may only read. A content manager with Manage rights must download the token for changes.",
  },
  9641: {
    message: "The Apple Account is already associated with another user.",
    status: 200,
    explanation: "That Apple Account is already linked to a different user.",
  },
  9644: {
    message: "The service is in maintenance mode.",
    status: 200,
    explanation: "Apple's service was in maintenance. Retry the failed targets later.",
  },
  9646: {
    message: "There are too many recent requests. Try again momentarily.",
    status: 429,
    explanation: "Apple is throttling this location. The console waits and retries.",
  },
  9647: {
    message: "This operation is not supported for legacy tokens.",
    status: 403,
    explanation: "This is a legacy token. Download a current token from Apple School or Business Manager.",
  },
  9650: {
    message: "The provided page index must be greater than 0, and less than the total number of pages.",
    status: 400,
    explanation: "The requested page does not exist (the data may have shrunk while paging).",
  },
  9700: {
    message: "Max assets limit on request has been passed, please stay within given limit.",
    status: 400,
    explanation: "Too many apps or books in one request for Apple's current limit.",
  },
  9701: {
    message: "Max clientUserIds limit on request has been passed, please stay within given limit.",
    status: 400,
    explanation: "Too many users in one request for Apple's current limit.",
  },
  9702: {
    message: "Max serialNumbers limit on request has been passed, please stay within given limit.",
    status: 400,
    explanation: "Too many serial numbers in one request for Apple's current limit.",
  },
  9703: {
    message: "Duplicate assets found in request, please send unique assets.",
    status: 400,
    explanation: "The same app or book appears twice in the request.",
  },
  9704: {
    message: "Duplicate clientUserIds found in request, please send unique clients.",
    status: 400,
    explanation: "The same user appears twice in the request.",
  },
  9705: {
    message: "Duplicate serialNumbers found in request, please send unique serials.",
    status: 400,
    explanation: "The same serial number appears twice in the request.",
  },
  9706: {
    message: "Asset in request is not revocable, please send revocable assets.",
    status: 400,
    explanation: "This app or book cannot be taken back (books never can).",
  },
  9707: {
    message: "Asset in request is not device assignable, please send device assignable assets.",
    status: 400,
    explanation: "This app or book cannot be assigned to devices (books never can); assign it to users.",
  },
  9708: {
    message: "EventId could not be found.",
    status: 400,
    explanation: "Apple does not know this event, so its outcome was checked against Apple's assignments.",
  },
  9709: {
    message: "There are not enough licenses for this app or book available to assign to the selected group.",
    status: 200,
    explanation: "Not enough licences were available. Buy more or free some, then retry.",
  },
  9710: {
    message: "Notification URL and notification auth token must be provided together.",
    status: 400,
    explanation: "A notification URL needs an auth token, and a token needs a URL.",
  },
  9711: {
    message: "Notification URL or notification auth token exceeds the max length.",
    status: 400,
    explanation: "The notification URL or its token is longer than Apple allows.",
  },
  9712: {
    message: "The provided notification URL is invalid. Only HTTPS is supported.",
    status: 400,
    explanation: "The notification URL must be a valid HTTPS address.",
  },
  9713: {
    message: "MDM metadata exceeds the max length.",
    status: 400,
    explanation: "The MDM metadata is longer than Apple allows.",
  },
  9714: {
    message: "Max users limit on request has been passed, please stay within given limit.",
    status: 400,
    explanation: "Too many users in one request for Apple's current limit.",
  },
  9715: {
    message: "Duplicate users found in request, please send unique users.",
    status: 400,
    explanation: "The same user appears twice in the request.",
  },
  9716: {
    message: "A user with this clientUserId already exists.",
    status: 200,
    explanation: "An active user with this clientUserId already exists.",
  },
  9717: {
    message: "The provided email is invalid.",
    status: 400,
    explanation: "The email address is not valid.",
  },
  9718: {
    message: "Assets are required.",
    status: 400,
    explanation: "The request named no app or book.",
  },
  9719: {
    message: "Either clientUserIds or serialNumbers are required.",
    status: 400,
    explanation: "The request named no user and no device.",
  },
  9720: {
    message: "Users are required.",
    status: 400,
    explanation: "The request named no user.",
  },
  9721: {
    message: "The provided versionId is invalid.",
    status: 400,
    explanation: "Apple no longer knows that data version; a full refresh is needed.",
  },
  9722: {
    message: "Invalid Authorization header. The header must be in the format 'Bearer {sToken}'.",
    status: 401,
    explanation: "The request carried no valid content token.",
  },
  9723: {
    message: "mdmInfo requires name, id and metadata.",
    status: 400,
    explanation: "The MDM information is incomplete.",
  },
  9724: {
    message: "MDM id exceeds the max length.",
    status: 400,
    explanation: "The MDM id is longer than Apple allows.",
  },
  9725: {
    message: "MDM name exceeds the max length.",
    status: 400,
    explanation: "The MDM name is longer than Apple allows.",
  },
  9726: {
    message: "HTTP method not supported.",
    status: 405,
    explanation: "Apple does not accept this HTTP method here.",
  },
  9727: {
    message: "Content-Type not supported.",
    status: 415,
    explanation: "Apple accepts only JSON bodies.",
  },
  9728: {
    message: "The provided notification URL is unreachable.",
    status: 400,
    explanation: "Apple could not deliver a test notification to the URL.",
  },
  9729: {
    message: "The service is temporarily unavailable.",
    status: 503,
    explanation: "Apple's service is temporarily unavailable. The console waits and retries.",
  },
} as const satisfies Record<number, ErrorDef>;

export type AppleErrorNumber = keyof typeof APPLE_ERRORS;

export function isKnownErrorNumber(n: number): n is AppleErrorNumber {
  return Object.hasOwn(APPLE_ERRORS, n);
}

export function appleError(errorNumber: AppleErrorNumber, errorInfo?: ErrorInfo): ErrorResponse {
  const body: ErrorResponse = { errorNumber, errorMessage: APPLE_ERRORS[errorNumber].message };
  if (errorInfo) body.errorInfo = errorInfo;
  return body;
}

export function httpStatusOf(errorNumber: AppleErrorNumber): number {
  return APPLE_ERRORS[errorNumber].status;
}

/** Apple refused the content token itself (unknown, expired, revoked): nothing works until a new one is uploaded. */
export const TOKEN_REFUSALS: ReadonlySet<number> = new Set([9601, 9621, 9622, 9625]);

/** Plain-words meaning of an Apple error number, for people. */
export function explainAppleError(errorNumber: number): string {
  return isKnownErrorNumber(errorNumber)
    ? APPLE_ERRORS[errorNumber].explanation
    : `Apple answered with error ${errorNumber}, which is not documented.`;
}

/**
 * Apple can answer 200 with an ErrorResponse body (apple-v2-api.md §8.5): recognise one whatever
 * the status. A body with a numeric `errorNumber` and no data fields is an error.
 */
export function asErrorResponse(body: unknown): ErrorResponse | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.errorNumber !== "number") return undefined;
  return {
    errorNumber: b.errorNumber,
    errorMessage: typeof b.errorMessage === "string" ? b.errorMessage : "",
    ...(typeof b.errorInfo === "object" && b.errorInfo !== null
      ? { errorInfo: b.errorInfo as ErrorInfo }
      : {}),
  };
}

/** The error numbers listed in Apple's service/config example (§3.1). */
export const SERVICE_CONFIG_ERROR_NUMBERS: readonly AppleErrorNumber[] = [
  9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9701, 9702, 9703, 9704, 9705, 9706, 9707, 9708,
  9709, 9710, 9711, 9712, 9713, 9714, 9715, 9716, 9717, 9718, 9719, 9720, 9721, 9722, 9723, 9724, 9725, 9726,
  9727, 9728,
];
