import { Group, Stack, Text, Title } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { DataTable } from "../../../components/data-table/data-table";
import { useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { ExportButton } from "../../../components/export/export-button";
import { vppKeys } from "../../../lib/vpp-keys";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import { useUrlState } from "../../../hooks/use-url-state";
import { assetSearchSchema, filterAssets, sortingFromParam, sortingToParam } from "../utils/filter";
import { assetColumns } from "./asset-columns";
import { AssetFilters } from "./asset-filters";
import { LoadProgress } from "../../../components/assets/load-progress";

const COLUMN_LABELS: Record<string, string> = {
  productType: "Type",
  pricingParam: "Pricing",
  platforms: "Platforms",
  totalCount: "Total",
  assignedCount: "Assigned",
  availableCount: "Available",
  retiredCount: "Retired",
  utilisation: "Used",
  deviceAssignable: "Devices",
  revocable: "Revocable",
};

/** Every app and book of the location: filter, search and sort (kept in the URL), virtualised. */
export function AssetsView({ locationId }: { locationId: string }) {
  const [search, update] = useUrlState(assetSearchSchema);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { assets, meta, rows } = useAssetRows(locationId);
  const visibleRows = useMemo(() => filterAssets(rows, search), [rows, search]);
  const sorting = useMemo(() => sortingFromParam(search.sort), [search.sort]);
  const [columnVisibility, setColumnVisibility] = useLocalStorage<Record<string, boolean>>({
    key: "vpp.assets.columns",
    defaultValue: { retiredCount: false },
  });
  const tableColumns = useMemo(() => assetColumns(locationId), [locationId]);
  const table = useAppTable({
    columns: tableColumns,
    data: visibleRows,
    getRowId: (r) => r.key,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      update({ sort: sortingToParam(next) });
    },
    onColumnVisibilityChange: (updater) =>
      setColumnVisibility((prev) => (typeof updater === "function" ? updater(prev) : updater)),
  });
  const columns = Object.entries(COLUMN_LABELS).map(([id, label]) => ({
    id,
    label,
    visible: columnVisibility[id] !== false,
    toggle: () => setColumnVisibility((prev) => ({ ...prev, [id]: prev[id] === false })),
  }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: vppKeys.assets(locationId) });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Apps and books</Title>
          <Text c="dimmed" size="sm">
            {assets.isSuccess
              ? `${visibleRows.length} of ${rows.length} shown`
              : "Reading the location's licences from Apple…"}
          </Text>
        </div>
        <Group gap="sm">
          <ExportButton
            locationId={locationId}
            kind="assets"
            keys={table.getRowModel().rows.map((r) => r.original.key)}
          />
          <ExportButton locationId={locationId} kind="assignments" label="Export all assignments" />
        </Group>
      </Group>
      <AssetFilters search={search} onChange={update} columns={columns} />
      <LoadProgress data={assets.data} fetching={assets.fetchStatus === "fetching"} noun="assets" />
      {assets.isError && (
        <QueryError error={assets.error} onRetry={refresh} title="Could not read the assets" />
      )}
      {meta.isError && (
        <Text size="xs" c="dimmed">
          Names and icons could not be loaded; adamIds are shown.
        </Text>
      )}
      {!assets.isError && (
        <DataTable
          table={table}
          label="Apps and books"
          height="calc(100vh - 290px)"
          onRowClick={(a) => navigate(`/l/${locationId}/assets/${a.adamId}/${a.pricingParam}`)}
          empty={
            assets.isPending ? (
              <Text c="dimmed">Loading…</Text>
            ) : rows.length === 0 ? (
              <Text c="dimmed">This location owns no apps or books yet.</Text>
            ) : (
              <Text c="dimmed">No app or book matches these filters.</Text>
            )
          }
        />
      )}
    </Stack>
  );
}
