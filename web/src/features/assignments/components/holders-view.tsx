import { Group, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useMemo, useState } from "react";
import { DataTable } from "../../../components/data-table/data-table";
import { useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount } from "../../../lib/format";
import type { Assignment } from "../../../lib/apple";
import { rowsOf } from "../../../lib/paged";
import { LoadProgress } from "../../assets/components/load-progress";
import { assignmentsQueryOptions } from "../api/get-assignments";
import { holderColumns } from "./holder-columns";

/** Who holds one asset: every device and user across all of Apple's pages, searchable. */
export function HoldersView({
  locationId,
  adamId,
  pricingParam,
}: {
  locationId: string;
  adamId: string;
  pricingParam: string;
}) {
  const query = useQuery(assignmentsQueryOptions(locationId, { adamId, pricingParam }));
  const all = useMemo(() => rowsOf(query.data), [query.data]);
  const [kind, setKind] = useState<"all" | "device" | "user">("all");
  const [q, setQ] = useState("");
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
  const columns = useMemo(() => holderColumns(locationId), [locationId]);
  const table = useAppTable({ columns, data: all, getRowId: (a) => a.serialNumber ?? `u:${a.clientUserId}` });
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Search holders"
            placeholder="Serial number or clientUserId"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={280}
          />
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as "all" | "device" | "user")}
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
