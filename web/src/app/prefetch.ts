import type { QueryClient } from "@tanstack/react-query";
import type { LoaderFunctionArgs } from "react-router";
import { assetsQueryOptions } from "../lib/api/get-assets";
import { jobsQueryOptions } from "../lib/api/jobs";
import { assignmentsQueryOptions } from "../features/assignments/api/get-assignments";
import { usersQueryOptions } from "../features/users/api/get-users";

type Starts = (params: Record<string, string | undefined>, url: URL) => { queryKey: readonly unknown[] }[];

/**
 * A route loader that starts the page's queries while the page's code loads, without waiting for
 * them: Apple's paged answers stream into the cache, and the page shows them as they come.
 */
export const prefetch =
  (queryClient: QueryClient, starts: Starts) =>
  ({ params, request }: LoaderFunctionArgs): null => {
    for (const options of starts(params, new URL(request.url)))
      void queryClient.prefetchQuery(options as Parameters<QueryClient["prefetchQuery"]>[0]);
    return null;
  };

/** What each location page needs first. */
export const PAGE_DATA = {
  assets: ({ locationId = "" }) => [assetsQueryOptions(locationId)],
  asset: ({ locationId = "", adamId, pricingParam }) => [
    assetsQueryOptions(locationId),
    assignmentsQueryOptions(locationId, { adamId, pricingParam }),
  ],
  device: ({ locationId = "", serial }) => [assignmentsQueryOptions(locationId, { serialNumber: serial })],
  users: ({ locationId = "" }, url) => {
    const status = url.searchParams.get("status");
    return [usersQueryOptions(locationId, status === "all" || status === "retired" ? status : "active")];
  },
  user: ({ locationId = "", clientUserId }) => [
    assetsQueryOptions(locationId),
    assignmentsQueryOptions(locationId, { clientUserId }),
  ],
  jobs: ({ locationId = "" }) => [jobsQueryOptions(locationId)],
} satisfies Record<string, Starts>;
