import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client";
import type { AssetMetadata } from "../api-types";
import { vppKeys } from "../vpp-keys";

export type { AssetMetadata };

/** Names and icons for a set of adamIds (cached by the proxy; unknown ids are absent). */
export const metadataQueryOptions = (locationId: string, ids: string[]) => {
  const key = [...new Set(ids)].sort().join(",");
  return queryOptions({
    queryKey: vppKeys.metadata(locationId, key),
    queryFn: async () => {
      const out: Record<string, AssetMetadata> = {};
      const all = key ? key.split(",") : [];
      for (let i = 0; i < all.length; i += 200) {
        Object.assign(
          out,
          await apiFetch<Record<string, AssetMetadata>>(
            `/api/locations/${encodeURIComponent(locationId)}/metadata?ids=${all.slice(i, i + 200).join(",")}`,
          ),
        );
      }
      return out;
    },
    enabled: key.length > 0,
    staleTime: 60 * 60_000,
  });
};
