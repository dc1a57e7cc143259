import { Anchor, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { SortingState } from "@tanstack/react-table";
import { useState } from "react";
import { Link } from "react-router";
import { DataTable } from "../../../components/data-table/data-table";
import { useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { overviewQueryOptions } from "../api/get-overview";
import { summaryColumns } from "./summary-columns";

/** Every location on one screen: counts from its copy, token, who manages it, sync, failed jobs. */
export function AllLocationsView() {
  const overview = useQuery(overviewQueryOptions());
  const [sorting, setSorting] = useState<SortingState>([{ id: "location", desc: false }]);
  const table = useAppTable({
    columns: summaryColumns,
    data: overview.data ?? [],
    getRowId: (s) => s.location.id,
    state: { sorting },
    onSortingChange: (u) => setSorting((prev) => (typeof u === "function" ? u(prev) : u)),
  });
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>All locations</Title>
        <Text c="dimmed">
          Each location&apos;s licences from the console&apos;s copy, kept current with Apple. Sort by any
          column.
        </Text>
      </div>
      {overview.isPending && <Loader aria-label="Loading all locations" />}
      {overview.isError && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data?.length === 0 && (
        <Text c="dimmed">
          No location yet.{" "}
          <Anchor component={Link} to="/locations">
            Add one on the Locations page
          </Anchor>
          .
        </Text>
      )}
      {overview.data && overview.data.length > 0 && (
        <DataTable table={table} label="All locations" height="auto" rowHeight={60} />
      )}
    </Stack>
  );
}
