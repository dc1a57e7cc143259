import { queryOptions } from "@tanstack/react-query";
import { isActiveUser, type CopyUser } from "@vpp/proxy/contract";
import type { GetUsersResponse, ResponseUser } from "../../../lib/apple";
import { copyOrLiveQueryFn } from "../../../lib/copy";
import { locationUrl, vppUrl } from "../../../lib/paged";
import { vppKeys } from "../../../lib/vpp-keys";

export type UserScope = "all" | "active" | "retired";

/** Apple's user with the directory's name and groups (from the copy; none while reading Apple live). */
export type UserRow = ResponseUser & Pick<CopyUser, "name" | "groups">;

/** The location's users (from the copy: each clientUserId once, in its current state). */
export const usersQueryOptions = (locationId: string, scope: UserScope, clientUserId?: string) =>
  queryOptions({
    queryKey: vppKeys.users(locationId, { scope, ...(clientUserId ? { clientUserId } : {}) }),
    queryFn: copyOrLiveQueryFn<CopyUser, UserRow, GetUsersResponse>({
      copyUrl: locationUrl(locationId, "users", clientUserId ? { q: clientUserId } : {}),
      map: ({ held: _held, ...u }) => u,
      liveUrlFor: (i) =>
        vppUrl(locationId, "users", {
          pageIndex: i,
          activeOnly: scope === "active" ? "true" : undefined,
          retiredOnly: scope === "retired" ? "true" : undefined,
          clientUserId,
        }),
      pickLive: (b) => b.users,
    }),
    select: (data) => {
      if (scope === "all" && clientUserId === undefined) return data;
      const keep = (u: UserRow) =>
        (clientUserId === undefined || u.clientUserId === clientUserId) &&
        (scope === "all" || isActiveUser(u.status) === (scope === "active"));
      const pages = Object.fromEntries(Object.entries(data.pages).map(([i, us]) => [i, us.filter(keep)]));
      return { ...data, pages };
    },
    staleTime: 2 * 60_000,
  });
