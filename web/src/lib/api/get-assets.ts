import { queryOptions } from "@tanstack/react-query";
import type { CopyAsset } from "@vpp/proxy/contract";
import { UNLIMITED_COUNT, type GetAssetsResponse, type ResponseAsset } from "../apple";
import { copyOrLiveQueryFn } from "../copy";
import { locationUrl, vppUrl } from "../paged";
import { vppKeys } from "../vpp-keys";

/** An asset of the copy in Apple's shape (an unlimited title counts 2147483647, as Apple says). */
export const fromCopy = (a: CopyAsset): ResponseAsset => ({
  adamId: a.adamId,
  pricingParam: a.pricingParam,
  productType: a.productType,
  deviceAssignable: a.deviceAssignable,
  revocable: a.revocable,
  supportedPlatforms: a.supportedPlatforms as ResponseAsset["supportedPlatforms"],
  assignedCount: a.assignedCount,
  totalCount: a.unlimited ? UNLIMITED_COUNT : (a.totalCount ?? 0),
  availableCount: a.unlimited ? UNLIMITED_COUNT - a.assignedCount : (a.availableCount ?? 0),
  retiredCount: a.retiredCount ?? 0,
});

/** Every asset of the location, from the console's copy (Apple's pages until the first import is in). */
export const assetsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: vppKeys.assets(locationId),
    queryFn: copyOrLiveQueryFn<CopyAsset, ResponseAsset, GetAssetsResponse>({
      copyUrl: locationUrl(locationId, "assets"),
      map: fromCopy,
      liveUrlFor: (i) => vppUrl(locationId, "assets", { pageIndex: i }),
      pickLive: (b) => b.assets,
    }),
    staleTime: 5 * 60_000,
  });
