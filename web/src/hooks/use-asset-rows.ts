import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { rowsOf } from "../lib/paged";
import { assetsQueryOptions } from "../lib/api/get-assets";
import { metadataQueryOptions } from "../lib/api/get-metadata";
import { toAssetRow, type AssetRow } from "../lib/asset-row";

/** The location's assets with names and icons, plus the query's loading progress. */
export function useAssetRows(locationId: string) {
  const assets = useQuery(assetsQueryOptions(locationId));
  const raw = useMemo(() => rowsOf(assets.data), [assets.data]);
  const ids = useMemo(() => raw.map((a) => a.adamId), [raw]);
  const meta = useQuery({
    ...metadataQueryOptions(locationId, ids),
    enabled: assets.fetchStatus === "idle" && ids.length > 0,
  });
  const rows: AssetRow[] = useMemo(
    () => raw.map((a) => toAssetRow(a, meta.data?.[a.adamId])),
    [raw, meta.data],
  );
  return { assets, meta, rows, byKey: useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]) };
}
