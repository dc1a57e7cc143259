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
