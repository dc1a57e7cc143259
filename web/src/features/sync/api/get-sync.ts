import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { SyncStatus } from "@vpp/proxy/contract";
import { apiFetch, postJson } from "../../../lib/api-client";
import { reportHold } from "../../../lib/holds";

export const syncKeys = {
  status: (locationId: string) => ["sync", locationId] as const,
};

const busy = (s: SyncStatus | undefined) => s?.state === "running" || s?.state === "queued";

/** How fresh the location's copy is; polled every second while a read is going on. */
export const syncQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: syncKeys.status(locationId),
    queryFn: async () => {
      const path = `/api/locations/${encodeURIComponent(locationId)}/sync`;
      const s = await apiFetch<SyncStatus>(path);
      // A read of the copy waiting out Apple's hold: every screen of the location says so.
      if (s.waitSeconds) reportHold(path, s.waitSeconds);
      return s;
    },
    refetchInterval: (q) => (busy(q.state.data) ? 1000 : 60_000),
  });

/** Ask for a read now (a delta, or a full re-read); the answer is the status shown from then on. */
export function useRequestSync(locationId: string, full = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      postJson<SyncStatus>(
        `/api/locations/${encodeURIComponent(locationId)}/sync`,
        full ? { full: true } : {},
      ),
    onSuccess: (s) => qc.setQueryData(syncKeys.status(locationId), s),
  });
}

export { busy as syncBusy };
