import { z } from "zod";
import { isKnownErrorNumber } from "../apple/errors.js";

/** Request bodies of the sandbox's test controls (/_sandbox/*). */
const appleDate = z
  .string()
  .refine(
    (s) => !Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))),
    "not an ISO-8601 date",
  );

export const schemas = {
  token: z.strictObject({
    uId: z.string().optional(),
    expDate: appleDate.optional(),
    orgName: z.string().min(1).optional(),
    locationName: z.string().min(1).optional(),
    readOnly: z.boolean().optional(),
    data: z.enum(["demo", "empty"]).optional(),
    assignments: z.number().int().min(0).max(5_000_000).optional(),
  }),
  revoke: z.strictObject({ cToken: z.string() }),
  config: z.strictObject({
    pageSize: z.number().int().min(1).max(100_000).optional(),
    eventTasksPerSecond: z.number().min(0).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    tokenExpirationDate: z.enum(["window", "always", "never"]).optional(),
    invalidToken: z.enum(["401", "200", "legacy"]).optional(),
    retryAfterOn429: z.number().int().min(0).nullable().optional(),
    strictAssets: z.boolean().optional(),
    allowInsecureNotificationUrls: z.boolean().optional(),
    notificationRetryDelaysMs: z.array(z.number().int().min(0)).max(2).optional(),
    duplicateNotifications: z.boolean().optional(),
    endpointsMoved: z.boolean().optional(),
    metadataLookupUrl: z.url().nullable().optional(),
    limits: z.record(z.string(), z.number().int().min(0)).optional(),
  }),
  fault: z
    .strictObject({
      status: z.union([z.literal(200), z.literal(429), z.literal(500), z.literal(503)]).optional(),
      errorNumber: z.number().int().refine(isKnownErrorNumber, "not an Apple error number").optional(),
      retryAfter: z.number().int().min(0).optional(),
      answer: z.enum(["truncated", "no-event-id", "reset"]).optional(),
      delayMs: z.number().int().min(1).max(120_000).optional(),
      event: z.enum(["forget", "drop-failures", "partial-failures"]).optional(),
      count: z.number().int().min(1).max(10_000).default(1),
      pathPrefix: z.string().optional(),
      method: z.enum(["GET", "POST"]).optional(),
      uId: z.string().optional(),
      skip: z.number().int().min(0).max(10_000).optional(),
    })
    .refine(
      (f) =>
        (f.status !== undefined) !==
        (f.answer !== undefined || f.delayMs !== undefined || f.event !== undefined),
      "give either a refusal (status) or what happens to a request carried out (answer, delayMs, event)",
    ),
  scale: z.strictObject({
    assignments: z.number().int().min(1).max(5_000_000),
    adamId: z.string().optional(),
    pricingParam: z.enum(["STDQ", "PLUS"]).default("STDQ"),
  }),
  churn: z.strictObject({
    dataset: z.enum(["assignments", "users", "assets"]),
    count: z.number().int().min(1).max(100_000).default(1),
  }),
  external: z.strictObject({
    assign: z.number().int().min(0).max(1_000_000).default(0),
    unassign: z.number().int().min(0).max(1_000_000).default(0),
    registerUsers: z.number().int().min(0).max(100_000).default(0),
    retireUsers: z.number().int().min(0).max(100_000).default(0),
    /** Send ASSET_MANAGEMENT / USER_MANAGEMENT notifications for them (as for another client's event). */
    notify: z.boolean().default(false),
    seed: z.number().int().default(1),
  }),
  takeover: z.strictObject({
    mdmInfo: z.strictObject({ id: z.string(), name: z.string(), metadata: z.string() }).optional(),
  }),
  assetCount: z.strictObject({
    adamId: z.string(),
    pricingParam: z.enum(["STDQ", "PLUS"]).default("STDQ"),
    countDelta: z.number().int(),
  }),
  accept: z.strictObject({ clientUserId: z.string() }),
};
