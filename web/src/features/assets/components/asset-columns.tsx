import { Badge, Group, Progress, Text, Tooltip } from "@mantine/core";
import { createAppColumnHelper } from "../../../components/data-table/table-hook";
import { formatCount, formatPercent } from "../../../lib/format";
import type { AssetRow } from "../../../lib/asset-row";
import { AssetLink } from "../../../components/assets/asset-link";

const col = createAppColumnHelper<AssetRow>();

const count = (n: number) => (
  <Text size="sm" ta="right" ff="monospace">
    {formatCount(n)}
  </Text>
);

/** The asset table's columns; the name links to the asset's page (keyboard reachable). */
export const assetColumns = (locationId: string) =>
  col.columns([
    col.accessor("name", {
      header: "App or book",
      sortFn: "text",
      cell: (info) => {
        const a = info.row.original;
        return (
          <AssetLink
            locationId={locationId}
            asset={a}
            detail={
              <Text size="xs" c="dimmed">
                {a.adamId}
                {!a.hasMetadata && " · custom app, no metadata"}
              </Text>
            }
          />
        );
      },
    }),
    col.accessor("productType", { header: "Type", sortFn: "text" }),
    col.accessor("pricingParam", {
      header: "Pricing",
      sortFn: "text",
      cell: (info) => (
        <Tooltip label={info.getValue() === "PLUS" ? "PLUS: higher-tier licence" : "STDQ: standard quality"}>
          <Badge variant="light" color={info.getValue() === "PLUS" ? "grape" : "gray"}>
            {info.getValue()}
          </Badge>
        </Tooltip>
      ),
    }),
    col.accessor((a) => a.supportedPlatforms.join(", "), {
      id: "platforms",
      header: "Platforms",
      sortFn: "text",
    }),
    col.accessor("totalCount", { header: "Total", cell: (i) => count(i.getValue()) }),
    col.accessor("assignedCount", { header: "Assigned", cell: (i) => count(i.getValue()) }),
    col.accessor("availableCount", { header: "Available", cell: (i) => count(i.getValue()) }),
    col.accessor("retiredCount", { header: "Retired", cell: (i) => count(i.getValue()) }),
    col.accessor("utilisation", {
      header: "Used",
      cell: (info) => {
        const a = info.row.original;
        if (a.unlimited)
          return (
            <Text size="xs" c="dimmed">
              Unlimited
            </Text>
          );
        const pct = a.utilisation * 100;
        return (
          <Tooltip label={`${formatCount(a.assignedCount)} of ${formatCount(a.totalCount)} assigned`}>
            <Group gap={6} wrap="nowrap" w={120}>
              <Progress
                value={pct}
                color={pct >= 95 ? "red" : pct >= 80 ? "orange" : "teal"}
                w={70}
                aria-label={`${formatPercent(a.assignedCount, a.totalCount)} used`}
              />
              <Text size="xs">{formatPercent(a.assignedCount, a.totalCount)}</Text>
            </Group>
          </Tooltip>
        );
      },
    }),
    col.accessor("deviceAssignable", {
      header: "Devices",
      cell: (i) => <Text size="sm">{i.getValue() ? "Yes" : "No"}</Text>,
    }),
    col.accessor("revocable", {
      header: "Revocable",
      cell: (i) => <Text size="sm">{i.getValue() ? "Yes" : "No"}</Text>,
    }),
  ]);
