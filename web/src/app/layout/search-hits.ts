import { queryOptions } from "@tanstack/react-query";
import type { SearchHit } from "@vpp/proxy/contract";
import { apiFetch } from "../../lib/api-client";
import type { SearchOption } from "./resolve-search";

/** Serials, users (by e-mail too), adamIds and names found in every location's copy. */
export const searchHitsQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ["search", q] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ items: SearchHit[] }>(`/api/search?q=${encodeURIComponent(q)}`, { signal }),
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  });

const KIND: Record<SearchHit["kind"], string> = { asset: "App or book", device: "Device", user: "User" };

/** A hit as an option of the search box, naming its location when there are several. */
export function hitOption(h: SearchHit, manyLocations: boolean): SearchOption {
  const base = `/l/${h.locationId}`;
  const [adamId, pricingParam] = h.key.split(":");
  const to =
    h.kind === "asset"
      ? `${base}/assets/${adamId}/${pricingParam}`
      : `${base}/${h.kind === "device" ? "devices" : "users"}/${encodeURIComponent(h.key)}`;
  const where = manyLocations ? ` · ${h.locationName}` : "";
  return {
    value: `hit:${h.locationId}:${h.kind}:${h.key}`,
    label: `${KIND[h.kind]}: ${h.label}${h.detail ? ` (${h.detail})` : ""}${where}`,
    to,
  };
}
