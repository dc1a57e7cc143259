import type { z } from "zod";
import { ApiError } from "./errors.js";

/** Parse a request part with zod; a mismatch is a 400 naming the field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new ApiError(400, "INVALID_REQUEST", `${where}${issue?.message ?? "invalid request"}`);
}
