import { Button, Group, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { assetKey } from "../../../lib/apple";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { z } from "zod";
import { useUrlState } from "../../../hooks/use-url-state";
import { DataTable } from "../../../components/data-table/data-table";
import { useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount } from "../../../lib/format";
import type { Assignment } from "../../../lib/apple";
import { rowsOf } from "../../../lib/paged";
import { LoadProgress } from "../../../components/assets/load-progress";
import { assignmentsQueryOptions } from "../api/get-assignments";
import { useNavigate } from "react-router";
import { holderColumns, holderId } from "./holder-columns";

/** The holders table's URL state: devices, users or both, and the search. */
const holdersSearchSchema = z.object({
  holders: z.enum(["all", "device", "user"]).catch("all"),
  q: z.string().catch(""),
});

/** Who holds one asset: every device and user across all of Apple's pages, searchable. */
export function HoldersView({
  locationId,
  adamId,
  pricingParam,
  canUnassign = false,
}: {
  locationId: string;
  adamId: string;
  pricingParam: string;
  /** Show selection and "Unassign selected" (admins, revocable assets). */
  canUnassign?: boolean;
}) {
  const query = useQuery(assignmentsQueryOptions(locationId, { adamId, pricingParam }));
  const all = useMemo(() => rowsOf(query.data), [query.data]);
  const [{ holders: kind, q }, set] = useUrlState(holdersSearchSchema);
  const deferredQ = useDeferredValue(q.trim().toLowerCase());
  const [shown, setShown] = useState(0);
  const filter = useMemo(
    () =>
      deferredQ === "" && kind === "all"
        ? undefined
        : (a: Assignment) =>
            (kind === "all" || (kind === "device") === (a.serialNumber !== undefined)) &&
            (deferredQ === "" || (a.serialNumber ?? a.clientUserId ?? "").toLowerCase().includes(deferredQ)),
    [deferredQ, kind],
  );
  const navigate = useNavigate();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const columns = useMemo(
    () => holderColumns(locationId, canUnassign ? { selected, toggle } : undefined),
    [locationId, canUnassign, selected, toggle],
  );
  const chosen = useMemo(() => {
    const devices: string[] = [];
    const users: string[] = [];
    for (const id of selected) (id.startsWith("s:") ? devices : users).push(id.slice(2));
    return { devices, users };
  }, [selected]);
  const unassign = (kind: "devices" | "users") =>
    navigate(`/l/${locationId}/wizard?action=unassign-${kind}&assets=${assetKey({ adamId, pricingParam })}`, {
      state: { targets: kind === "devices" ? chosen.devices : chosen.users },
    });
  const table = useAppTable({ columns, data: all, getRowId: holderId });
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Search holders"
            placeholder="Serial number or clientUserId"
            value={q}
            onChange={(e) => set({ q: e.currentTarget.value })}
            w={280}
          />
          <SegmentedControl
            value={kind}
            onChange={(v) => set({ holders: v })}
            data={[
              { value: "all", label: "All" },
              { value: "device", label: "Devices" },
              { value: "user", label: "Users" },
            ]}
            aria-label="Holder kind"
          />
        </Group>
        <Text size="sm" c="dimmed" role="status" aria-label="Holder count">
          {formatCount(shown)} of {formatCount(all.length)} holders
        </Text>
      </Group>
      {canUnassign && (
        <Group gap="sm">
          <Button
            size="xs"
            variant="default"
            onClick={() => setSelected(new Set((filter ? all.filter(filter) : all).map(holderId)))}
            disabled={shown === 0}
          >
            Select all {formatCount(shown)} shown
          </Button>
          {selected.size > 0 && (
            <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
              Clear selection ({formatCount(selected.size)})
            </Button>
          )}
          {chosen.devices.length > 0 && (
            <Button size="xs" color="red" onClick={() => unassign("devices")}>
              Unassign from {formatCount(chosen.devices.length)} selected device
              {chosen.devices.length === 1 ? "" : "s"}
            </Button>
          )}
          {chosen.users.length > 0 && (
            <Button size="xs" color="red" onClick={() => unassign("users")}>
              Unassign from {formatCount(chosen.users.length)} selected user
              {chosen.users.length === 1 ? "" : "s"}
            </Button>
          )}
        </Group>
      )}
      <LoadProgress data={query.data} fetching={query.fetchStatus === "fetching"} noun="holders" />
      {query.isError ? (
        <QueryError
          error={query.error}
          onRetry={() => void query.refetch()}
          title="Could not read who holds this"
        />
      ) : (
        <DataTable
          table={table}
          label="Holders"
          filter={filter}
          onCount={setShown}
          height={520}
          empty={
            <Text c="dimmed">
              {query.isPending
                ? "Loading…"
                : all.length === 0
                  ? "Nobody holds a licence for this yet."
                  : "No holder matches."}
            </Text>
          }
        />
      )}
    </Stack>
  );
}
