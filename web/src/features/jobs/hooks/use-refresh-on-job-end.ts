import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { vppKeys } from "../../../lib/vpp-keys";
import { jobsQueryOptions } from "../../../lib/api/jobs";

/**
 * While a job of this location runs, its list is polled; when one ends, the location's Apple data
 * (assets, holders, devices, users) is refetched, whichever page is open.
 */
export function useRefreshOnJobEnd(locationId: string): void {
  const queryClient = useQueryClient();
  const jobs = useQuery(jobsQueryOptions(locationId));
  const running = useRef(new Set<string>());
  useEffect(() => {
    if (!jobs.data) return;
    const now = new Set(
      jobs.data.filter((j) => j.state === "queued" || j.state === "running").map((j) => j.id),
    );
    const ended = [...running.current].some((id) => !now.has(id));
    running.current = now;
    if (ended) void queryClient.invalidateQueries({ queryKey: vppKeys.all(locationId) });
  }, [jobs.data, locationId, queryClient]);
}
