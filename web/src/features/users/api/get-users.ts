import { queryOptions } from "@tanstack/react-query";
import type { GetUsersResponse, ResponseUser } from "../../../lib/apple";
import { pagedQueryFn, vppUrl } from "../../../lib/paged";
import { vppKeys } from "../../../lib/vpp-keys";

export type UserScope = "all" | "active" | "retired";

/** Apple's users (all pages); one clientUserId can appear more than once (retired entries). */
export const usersQueryOptions = (locationId: string, scope: UserScope, clientUserId?: string) =>
  queryOptions({
    queryKey: vppKeys.users(locationId, { scope, ...(clientUserId ? { clientUserId } : {}) }),
    queryFn: pagedQueryFn<GetUsersResponse, ResponseUser>(
      (i) =>
        vppUrl(locationId, "users", {
          pageIndex: i,
          activeOnly: scope === "active" ? "true" : undefined,
          retiredOnly: scope === "retired" ? "true" : undefined,
          clientUserId,
        }),
      (b) => b.users,
    ),
    staleTime: 2 * 60_000,
  });
