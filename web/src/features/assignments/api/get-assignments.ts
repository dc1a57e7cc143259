import { queryOptions } from "@tanstack/react-query";
import type { Assignment, GetAssignmentsResponse } from "../../../lib/apple";
import { pagedQueryFn, vppUrl } from "../../../lib/paged";
import { vppKeys } from "../../../lib/vpp-keys";

export interface AssignmentFilter {
  adamId?: string;
  pricingParam?: string;
  serialNumber?: string;
  clientUserId?: string;
}

/** Every assignment matching the filter (with user state), all pages streamed as they arrive. */
export const assignmentsQueryOptions = (locationId: string, filter: AssignmentFilter) => {
  const f = Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== ""),
  ) as Record<string, string>;
  return queryOptions({
    queryKey: vppKeys.assignments(locationId, f),
    queryFn: pagedQueryFn<GetAssignmentsResponse, Assignment>(
      (i) => vppUrl(locationId, "assignments", { ...f, includeUserState: "true", pageIndex: i }),
      (b) => b.assignments,
    ),
    staleTime: 2 * 60_000,
  });
};
