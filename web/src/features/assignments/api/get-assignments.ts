import { queryOptions } from "@tanstack/react-query";
import type { CopyAssignment } from "@vpp/proxy/contract";
import type { Assignment, GetAssignmentsResponse } from "../../../lib/apple";
import { copyOrLiveQueryFn } from "../../../lib/copy";
import { locationUrl, vppUrl } from "../../../lib/paged";
import { vppKeys } from "../../../lib/vpp-keys";

/** An assignment with the holder's e-mail and name (the directory's) when the copy knows them. */
export type Holding = Assignment & { email?: string; name?: string };

export interface AssignmentFilter {
  adamId?: string;
  pricingParam?: string;
  serialNumber?: string;
  clientUserId?: string;
}

/** Every assignment matching the filter (with user state), from the copy, streamed as it arrives. */
export const assignmentsQueryOptions = (locationId: string, filter: AssignmentFilter) => {
  const f = Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== ""),
  ) as Record<string, string>;
  return queryOptions({
    queryKey: vppKeys.assignments(locationId, f),
    queryFn: copyOrLiveQueryFn<CopyAssignment, Holding, GetAssignmentsResponse>({
      copyUrl: locationUrl(locationId, "assignments", f),
      map: (a) => a,
      liveUrlFor: (i) => vppUrl(locationId, "assignments", { ...f, includeUserState: "true", pageIndex: i }),
      pickLive: (b) => b.assignments,
    }),
    staleTime: 2 * 60_000,
  });
};
