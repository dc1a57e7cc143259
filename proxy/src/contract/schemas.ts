import { z } from "zod";

/** A person as a people job sends them to Apple. */
export const jobUserSchema = z.strictObject({
  clientUserId: z
    .string()
    .trim()
    .min(1, "clientUserId is empty")
    .max(256, "clientUserId is at most 256 characters"),
  email: z.string().trim().max(254, "email is at most 254 characters").optional(),
  managedAppleId: z.string().trim().max(254, "managedAppleId is at most 254 characters").optional(),
});

/** A job as the API takes it (POST /api/locations/:id/jobs and …/jobs/plan). */
export const jobInputSchema = z.strictObject({
  type: z.enum(["associate", "disassociate", "revoke", "create-users", "update-users", "retire-users"]),
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
  /** create-users / update-users: each person as Apple gets them. */
  users: z.array(jobUserSchema).max(200_000).optional(),
  /** retire-users: take their licences back first (default: no, for the API; the console asks). */
  revokeLicences: z.boolean().optional(),
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
  group: text("group", 200),
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

/** A person for the directory (and, unless directoryOnly, for Apple). */
export const personSchema = z.strictObject({
  clientUserId: z
    .string()
    .trim()
    .min(1, "clientUserId is empty")
    .max(256, "clientUserId is at most 256 characters"),
  email: z.string().trim().max(254, "email is at most 254 characters").nullable().optional(),
  name: z.string().trim().max(200, "name is at most 200 characters").optional(),
  managedAppleId: z
    .string()
    .trim()
    .max(254, "managedAppleId is at most 254 characters")
    .nullable()
    .optional(),
  groups: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
});

/** POST /api/locations/:id/people — register people (or only save them to the directory). */
export const registerPeopleSchema = z.strictObject({
  people: z.array(personSchema).min(1, "people is empty").max(100_000, "at most 100,000 people at once"),
  directoryOnly: z.boolean().optional(),
  confirmOtherMdm: z.boolean().optional(),
});

/** POST /api/locations/:id/people/retire */
export const retirePeopleSchema = z.strictObject({
  clientUserIds: z.array(z.string().trim().min(1).max(256)).min(1, "name at least one person").max(100_000),
  revokeLicences: z.boolean(),
  confirmOtherMdm: z.boolean().optional(),
});

export type RegisterPeople = z.input<typeof registerPeopleSchema>;
export type RetirePeople = z.input<typeof retirePeopleSchema>;
