import type { JobRequest, JobUser, UserJobType } from "../api-types.js";
import { emailProblem } from "../contract/index.js";
import { ApiError } from "../http/errors.js";
import { cleanTargets } from "./plan.js";

export interface UserJobInput {
  type: UserJobType;
  users?:
    { clientUserId: string; email?: string | undefined; managedAppleId?: string | undefined }[] | undefined;
  clientUserIds?: string[] | undefined;
}

const listed = (items: string[]) =>
  `${items.slice(0, 5).join(", ")}${items.length > 5 ? ` and ${items.length - 5} more` : ""}`;

/**
 * A people job's request, checked before anything is sent: create / update carry each person
 * (clientUserId, e-mail, managed Apple ID) once with a plausible e-mail; retire names clientUserIds.
 */
export function userJobRequest(input: UserJobInput): JobRequest {
  const base = { type: input.type, assets: [], serialNumbers: [] };
  if (input.type === "retire-users") {
    const ids = cleanTargets([
      ...(input.clientUserIds ?? []),
      ...(input.users ?? []).map((u) => u.clientUserId),
    ]);
    if (ids.length === 0) throw new ApiError(400, "NO_TARGETS", "Name at least one person to retire.");
    return { ...base, clientUserIds: ids };
  }
  const users: JobUser[] = (input.users ?? []).map((u) => ({
    clientUserId: u.clientUserId.trim(),
    ...(u.email?.trim() ? { email: u.email.trim() } : {}),
    ...(u.managedAppleId?.trim() ? { managedAppleId: u.managedAppleId.trim() } : {}),
  }));
  if (users.length === 0) throw new ApiError(400, "NO_TARGETS", "Name at least one person.");
  const blank = users.filter((u) => u.clientUserId === "");
  if (blank.length) throw new ApiError(400, "INVALID_USER", "Every person needs a clientUserId.");
  const seen = new Set<string>();
  const twice = users.filter((u) => seen.size === seen.add(u.clientUserId).size).map((u) => u.clientUserId);
  if (twice.length)
    throw new ApiError(
      400,
      "DUPLICATE_USERS",
      `These clientUserIds are listed twice: ${listed([...new Set(twice)])}. Nothing was sent.`,
      9715,
    );
  const bad = users.flatMap((u) => {
    const why = u.email === undefined ? undefined : emailProblem(u.email);
    return why ? [`${u.email} (${u.clientUserId}) ${why}`] : [];
  });
  if (bad.length)
    throw new ApiError(
      400,
      "INVALID_EMAIL",
      `Fix these e-mail addresses first: ${listed(bad)}. Nothing was sent.`,
      9717,
    );
  if (input.type === "update-users") {
    const empty = users.filter((u) => u.email === undefined && u.managedAppleId === undefined);
    if (empty.length)
      throw new ApiError(
        400,
        "NOTHING_TO_UPDATE",
        `Give a new e-mail or managed Apple ID for ${listed(empty.map((u) => u.clientUserId))}.`,
      );
  }
  return { ...base, clientUserIds: users.map((u) => u.clientUserId), users };
}
