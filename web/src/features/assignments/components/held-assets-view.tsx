import { Badge, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { DataTable } from "../../../components/data-table/data-table";
import { createAppColumnHelper, useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { rowsOf } from "../../../lib/paged";
import { AssetLink } from "../../../components/assets/asset-link";
import { LoadProgress } from "../../../components/assets/load-progress";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import { assetKey } from "../../../lib/apple";
import { assignmentsQueryOptions, type AssignmentFilter } from "../api/get-assignments";

interface HeldAsset {
  key: string;
  adamId: string;
  pricingParam: string;
  name: string;
  iconUrl?: string | undefined;
  productType: string;
}

const col = createAppColumnHelper<HeldAsset>();

/** Everything one device or user holds, with names and icons, linking to each asset. */
export function HeldAssetsView({
  locationId,
  filter,
  noun,
}: {
  locationId: string;
  filter: AssignmentFilter;
  noun: string;
}) {
  const query = useQuery(assignmentsQueryOptions(locationId, filter));
  const { byKey } = useAssetRows(locationId);
  const rows: HeldAsset[] = useMemo(
    () =>
      rowsOf(query.data).map((a) => {
        const asset = byKey.get(assetKey(a));
        return {
          key: assetKey(a),
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          name: asset?.name ?? `App ${a.adamId}`,
          iconUrl: asset?.iconUrl,
          productType: asset?.productType ?? "",
        };
      }),
    [query.data, byKey],
  );
  const columns = useMemo(
    () =>
      col.columns([
        col.accessor("name", {
          header: "App or book",
          sortFn: "text",
          cell: (info) => <AssetLink locationId={locationId} asset={info.row.original} />,
        }),
        col.accessor("adamId", { header: "adamId", sortFn: "text" }),
        col.accessor("productType", { header: "Type", sortFn: "text" }),
        col.accessor("pricingParam", {
          header: "Pricing",
          cell: (i) => (
            <Badge variant="light" color="gray">
              {i.getValue()}
            </Badge>
          ),
        }),
      ]),
    [locationId],
  );
  const table = useAppTable({ columns, data: rows, getRowId: (r) => r.key });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" role="status">
        {query.isSuccess
          ? `${rows.length} licence${rows.length === 1 ? "" : "s"} held by this ${noun}`
          : "Loading…"}
      </Text>
      <LoadProgress data={query.data} fetching={query.fetchStatus === "fetching"} noun="licences" />
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          table={table}
          label={`Licences held by this ${noun}`}
          height={480}
          empty={<Text c="dimmed">{query.isPending ? "Loading…" : `This ${noun} holds no licence.`}</Text>}
        />
      )}
    </Stack>
  );
}
