import { queryOptions } from "@tanstack/react-query";
import type { ForecastView } from "@vpp/proxy/contract";
import { apiFetch } from "../api-client";

/** When each limited title being taken runs out at the last 30 days' pace (soonest first). */
export const forecastsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: ["forecasts", locationId],
    queryFn: async () =>
      (await apiFetch<{ items: ForecastView[] }>(`/api/locations/${locationId}/forecasts`)).items,
    staleTime: 5 * 60_000,
  });

/** "0 left in ~8 days" */
export const forecastWords = (f: ForecastView) =>
  `0 left in ~${f.daysLeft} day${f.daysLeft === 1 ? "" : "s"}`;
