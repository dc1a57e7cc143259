import { queryOptions } from "@tanstack/react-query";
import type { GetAssetsResponse, ResponseAsset } from "../apple";
import { pagedQueryFn, vppUrl } from "../paged";
import { vppKeys } from "../vpp-keys";

/** Every asset of the location, all pages (≤ 5 in flight), streamed into the cache as they arrive. */
export const assetsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: vppKeys.assets(locationId),
    queryFn: pagedQueryFn<GetAssetsResponse, ResponseAsset>(
      (i) => vppUrl(locationId, "assets", { pageIndex: i }),
      (b) => b.assets,
    ),
    staleTime: 5 * 60_000,
  });
