import { z } from "zod";

/** A new API token (POST /api/tokens): a name to recognise it by, its role, how long it lives. */
export const apiTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1, "name is empty").max(80, "name is at most 80 characters"),
  role: z.enum(["admin", "viewer"]),
  expiresInDays: z
    .number()
    .int("expiresInDays is a whole number of days")
    .min(1, "expiresInDays is at least 1")
    .max(366, "expiresInDays is at most 366: a token lives a year at the most"),
});
export type ApiTokenInput = z.infer<typeof apiTokenInputSchema>;
