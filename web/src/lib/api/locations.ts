import { queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "../api-client";
import type { ExpiryState, LocationView } from "../api-types";

export type { ExpiryState };
export type Location = LocationView;

export const locationKeys = {
  all: ["locations"] as const,
  list: () => [...locationKeys.all, "list"] as const,
};

export const locationsQueryOptions = () =>
  queryOptions({ queryKey: locationKeys.list(), queryFn: () => apiFetch<Location[]>("/api/locations") });

/** Upload the text of a .vpptoken file. */
export const uploadToken = (text: string) =>
  apiFetch<Location & { renewed: boolean }>("/api/locations", {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/plain" },
  });

export const createDemoLocation = () => postJson<Location>("/api/locations/sandbox");
export const deleteLocation = (id: string) => apiFetch<void>(`/api/locations/${id}`, { method: "DELETE" });
export const claimLocation = (id: string) => postJson<Location>(`/api/locations/${id}/claim`);
