import { z } from "zod";

/** A job as the API takes it (POST /api/locations/:id/jobs and …/jobs/plan). */
export const jobInputSchema = z.strictObject({
  type: z.enum(["associate", "disassociate", "revoke"]),
  assets: z
    .array(
      z.strictObject({
        adamId: z.string().regex(/^\d{1,20}$/, "adamId must be digits"),
        pricingParam: z.enum(["STDQ", "PLUS"]).optional(),
      }),
    )
    .max(1000)
    .optional(),
  serialNumbers: z.array(z.string().max(200)).max(200_000).optional(),
  clientUserIds: z.array(z.string().max(256)).max(200_000).optional(),
  force: z.boolean().optional(),
  confirmOtherMdm: z.boolean().optional(),
});

export type JobInput = z.input<typeof jobInputSchema>;

const pageLimit = z.coerce
  .number()
  .int()
  .min(1, "limit is at least 1")
  .max(1000, "limit is at most 1000")
  .default(100);
const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} is empty`).max(max, `${name} is at most ${max} characters`).optional();

/** GET /api/locations/:id/assignments — filters of the copy, and a cursor. */
export const assignmentQuerySchema = z.strictObject({
  adamId: z
    .string()
    .regex(/^\d{1,20}$/, "adamId must be digits")
    .optional(),
  pricingParam: z.enum(["STDQ", "PLUS"]).optional(),
  serialNumber: text("serialNumber", 200),
  clientUserId: text("clientUserId", 256),
  kind: z.enum(["device", "user"]).optional(),
  q: text("q", 256),
  cursor: z.string().max(2000).optional(),
  limit: pageLimit,
});

/** GET /api/locations/:id/users */
export const userQuerySchema = z.strictObject({
  status: z.enum(["Registered", "Associated", "Retired", "Deleted"]).optional(),
  q: text("q", 256),
  cursor: z.string().max(2000).optional(),
  limit: pageLimit,
});

/** GET /api/search?q= — serial, clientUserId, e-mail, adamId or name, across every location. */
export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(2, "Type at least 2 characters").max(256, "q is at most 256 characters"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** POST /api/locations/:id/sync */
export const syncRequestSchema = z.strictObject({ full: z.boolean().optional() });

export type AssignmentQuery = z.infer<typeof assignmentQuerySchema>;
export type UserQuery = z.infer<typeof userQuerySchema>;
