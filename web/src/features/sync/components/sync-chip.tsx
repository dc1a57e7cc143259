import { Button, Group, Progress, Text, Tooltip } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { SyncStatus } from "@vpp/proxy/contract";
import { useEffect, useRef } from "react";
import { formatRelative } from "../../../lib/format";
import { vppKeys } from "../../../lib/vpp-keys";
import { syncBusy, syncQueryOptions, useRequestSync } from "../api/get-sync";

const VIA: Record<string, string> = {
  import: "first import",
  delta: "changes from Apple",
  notification: "Apple's notification",
  job: "a job's results",
  full: "full re-read",
};

function describe(s: SyncStatus): string {
  if (s.state === "never") return "Not read from Apple yet";
  if (!s.syncedAt)
    return s.state === "running" ? "Reading from Apple for the first time" : "Not read from Apple yet";
  return `Synced ${formatRelative(Date.parse(s.syncedAt))}${s.via ? ` · ${VIA[s.via] ?? s.via}` : ""}`;
}

/** "Synced 2 min ago · Refresh": the freshness of every number on the location's screens. */
export function SyncChip({ locationId }: { locationId: string }) {
  const qc = useQueryClient();
  const sync = useQuery(syncQueryOptions(locationId));
  const refresh = useRequestSync(locationId);
  const running = syncBusy(sync.data);
  const was = useRef(running);
  useEffect(() => {
    // A read just ended: the views read the copy again (their rows stay until the new ones are in).
    if (was.current && !running) void qc.invalidateQueries({ queryKey: vppKeys.all(locationId) });
    was.current = running;
  }, [running, qc, locationId]);
  if (!sync.data) return null;
  const s = sync.data;
  const p = s.progress;
  return (
    <Group gap="xs" wrap="wrap" role="status" aria-live="polite">
      <Text size="sm" c={s.state === "failed" || s.state === "stopped" ? "red.8" : "dimmed"}>
        {describe(s)}
        {(s.state === "failed" || s.state === "stopped") && s.lastError
          ? ` · Last read failed: ${s.lastError}`
          : ""}
      </Text>
      {running && p && (
        <Tooltip label={`${p.phase}: page ${p.pagesDone} of ${p.pagesTotal || "?"}`}>
          <Group gap={6} wrap="nowrap">
            <Progress
              w={120}
              value={p.pagesTotal ? (100 * p.pagesDone) / p.pagesTotal : 0}
              aria-label={`Reading ${p.phase} from Apple`}
              animated
            />
            <Text size="xs" c="dimmed">
              {p.pagesDone}
              {p.pagesTotal ? ` / ${p.pagesTotal}` : ""} pages
              {p.etaSeconds !== undefined ? ` · about ${Math.max(1, Math.round(p.etaSeconds))} s left` : ""}
            </Text>
          </Group>
        </Tooltip>
      )}
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={() => refresh.mutate()}
        loading={refresh.isPending}
        disabled={running}
      >
        {running ? "Refreshing…" : "Refresh"}
      </Button>
    </Group>
  );
}
