import type { UpstreamTarget } from "../apple/client.js";
import { walkApplePages } from "../apple/pages.js";
import type { GetUsersResponse, ResponseUser } from "../apple/types.js";
import type { JobUser, UserJobType } from "../api-types.js";
import { isActiveUser } from "../contract/index.js";
import type { Verdict } from "./chunk-check.js";
import type { Chunk } from "./store.js";
import { pairKey, rowOf } from "./targets.js";
import { eachLimited, userKey } from "./reconcile.js";

async function walkUsers(t: UpstreamTarget, query: Record<string, string>, visit: (u: ResponseUser) => void) {
  const result = { versionIds: new Set<string>(), truncated: false };
  for await (const page of walkApplePages<GetUsersResponse>(t, "users", query, result))
    for (const u of page.users) visit(u);
}

/**
 * Apple's entries for these clientUserIds, the cheaper way: one read per person (usually one page
 * each), or every page of the location's users when those are fewer (the first page, read to learn
 * how many there are, is not read again).
 */
export async function usersAtApple(t: UpstreamTarget, ids: string[]): Promise<Map<string, ResponseUser[]>> {
  const out = new Map<string, ResponseUser[]>(ids.map((id) => [id, []]));
  const add = (u: ResponseUser) => out.get(u.clientUserId)?.push(u);
  const all = walkApplePages<GetUsersResponse>(t, "users", {}, { versionIds: new Set(), truncated: false });
  const first = (await all.next()).value as GetUsersResponse | undefined;
  const pages = first?.nextPageIndex === undefined ? 1 : first.totalPages;
  if (pages <= ids.length) {
    for (const u of first?.users ?? []) add(u);
    for await (const page of all) for (const u of page.users) add(u);
    return out;
  }
  await all.return(undefined);
  await eachLimited(ids, (id) => walkUsers(t, { clientUserId: id }, add));
  return out;
}

/** Is the people job's work visible in Apple's users for one person? */
export function userDone(type: UserJobType, entries: ResponseUser[], sent: JobUser | undefined): boolean {
  const active = entries.find((u) => isActiveUser(u.status));
  if (type === "retire-users") return active === undefined;
  if (!active) return false;
  if (type === "create-users") return true;
  const emailOk = sent?.email === undefined || active.email === sent.email;
  const linkOk = sent?.managedAppleId === undefined || active.status === "Associated";
  return emailOk && linkOk;
}

/** A people job's chunk checked in Apple's users (all but `accounted`, named by Apple's event). */
export async function checkUsers(
  t: UpstreamTarget,
  type: UserJobType,
  chunk: Chunk,
  sent: ReadonlyMap<string, JobUser>,
  accounted: ReadonlySet<string> = new Set(),
): Promise<Verdict> {
  const ids = chunk.clientUserIds.filter((id) => !accounted.has(pairKey(null, userKey(id))));
  const found = await usersAtApple(t, ids);
  const v: Verdict = { verified: [], notDone: [], requested: ids.length, completed: 0 };
  const missing: string[] = [];
  for (const id of ids) {
    const row = { ...rowOf(null, userKey(id)), count: null };
    if (userDone(type, found.get(id) ?? [], sent.get(id))) {
      v.verified.push({ outcome: "verified", ...row });
      v.completed++;
    } else {
      v.notDone.push({ outcome: "not-done", ...row });
      missing.push(id);
    }
  }
  return missing.length ? { ...v, rest: { assets: [], serialNumbers: [], clientUserIds: missing } } : v;
}
