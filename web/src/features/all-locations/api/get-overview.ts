import { queryOptions } from "@tanstack/react-query";
import type { LocationSummary } from "@vpp/proxy/contract";
import { apiFetch } from "../../../lib/api-client";

/** One line per location, from each location's copy. */
export const overviewQueryOptions = () =>
  queryOptions({
    queryKey: ["overview"] as const,
    queryFn: () => apiFetch<LocationSummary[]>("/api/overview"),
    refetchInterval: (q) =>
      q.state.data?.some((s) => s.sync.state === "running" || s.sync.state === "queued") ? 2000 : 60_000,
  });
