import { queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "../../../lib/api-client";

export type ExpiryState = "ok" | "warning" | "critical" | "expired";

export interface Location {
  id: string;
  orgName: string;
  locationName: string;
  uId: string;
  expDate: string;
  daysToExpiry: number;
  expiryState: ExpiryState;
  upstream: "apple" | "sandbox";
  mdmInfo?: { id: string; name: string; metadata: string };
  managedByOther: boolean;
  managedByUs: boolean;
}

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
