import { queryOptions } from "@tanstack/react-query";
import type {
  Guardrails,
  ListKind,
  ListPreview,
  LocationValue,
  Money,
  PriceRow,
  Reclaim,
  ReclaimInput,
  ReclaimList,
  ReclaimPreview,
  ReclaimRule,
  RuleInput,
} from "@vpp/proxy/contract";
import { apiFetch, postJson, putJson } from "../../../lib/api-client";

export type { Guardrails, ListKind, ListPreview, Money, Reclaim, ReclaimList, ReclaimPreview, ReclaimRule };

const loc = (locationId: string) => `/api/locations/${encodeURIComponent(locationId)}`;

export const reclaimKeys = {
  all: ["reclaim"] as const,
  rules: (locationId: string) => ["reclaim", locationId, "rules"] as const,
  preview: (locationId: string, ruleId: string) => ["reclaim", locationId, "preview", ruleId] as const,
  reclaims: (locationId: string) => ["reclaim", locationId, "reclaims"] as const,
  reclaim: (locationId: string, id: string) => ["reclaim", locationId, "reclaims", id] as const,
  value: (locationId: string) => ["reclaim", locationId, "value"] as const,
  lists: ["reclaim", "lists"] as const,
  prices: ["reclaim", "prices"] as const,
  guardrails: ["reclaim", "guardrails"] as const,
};

export const rulesQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: reclaimKeys.rules(locationId),
    queryFn: () => apiFetch<{ items: ReclaimRule[] }>(`${loc(locationId)}/reclaim/rules`),
  });

export const previewQueryOptions = (locationId: string, ruleId: string) =>
  queryOptions({
    queryKey: reclaimKeys.preview(locationId, ruleId),
    queryFn: () =>
      apiFetch<ReclaimPreview>(`${loc(locationId)}/reclaim/rules/${encodeURIComponent(ruleId)}/preview`),
    retry: false,
  });

export const reclaimsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: reclaimKeys.reclaims(locationId),
    queryFn: () => apiFetch<{ items: Reclaim[] }>(`${loc(locationId)}/reclaims`),
    refetchInterval: 5000,
  });

/** One reclaim; read every 2 s while it waits or its jobs run. */
export const reclaimQueryOptions = (locationId: string, id: string) =>
  queryOptions({
    queryKey: reclaimKeys.reclaim(locationId, id),
    queryFn: () => apiFetch<Reclaim>(`${loc(locationId)}/reclaims/${encodeURIComponent(id)}`),
    refetchInterval: (q) => {
      const r = q.state.data;
      if (!r) return false;
      const running = r.state === "started" && r.progress && r.progress.jobsDone < r.progress.jobs;
      return r.state === "scheduled" || r.state === "awaiting-approval" || running ? 2000 : false;
    },
  });

export const valueQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: reclaimKeys.value(locationId),
    queryFn: () => apiFetch<LocationValue>(`${loc(locationId)}/reclaim/value`),
  });

export const listsQueryOptions = () =>
  queryOptions({
    queryKey: reclaimKeys.lists,
    queryFn: () => apiFetch<{ items: ReclaimList[] }>("/api/reclaim/lists"),
  });

export const pricesQueryOptions = () =>
  queryOptions({
    queryKey: reclaimKeys.prices,
    queryFn: () => apiFetch<{ items: PriceRow[] }>("/api/reclaim/prices"),
  });

export const guardrailsQueryOptions = () =>
  queryOptions({
    queryKey: reclaimKeys.guardrails,
    queryFn: () => apiFetch<Guardrails>("/api/reclaim/guardrails"),
  });

export const createRule = (locationId: string, body: RuleInput) =>
  postJson<ReclaimRule>(`${loc(locationId)}/reclaim/rules`, body);

export const deleteRule = (locationId: string, ruleId: string) =>
  apiFetch<void>(`${loc(locationId)}/reclaim/rules/${encodeURIComponent(ruleId)}`, { method: "DELETE" });

export const previewCsvUrl = (locationId: string, ruleId: string) =>
  `${loc(locationId)}/reclaim/rules/${encodeURIComponent(ruleId)}/preview.csv`;

export const frozenCsvUrl = (locationId: string, id: string) =>
  `${loc(locationId)}/reclaims/${encodeURIComponent(id)}/items.csv`;

export const createReclaim = (locationId: string, ruleId: string, body: ReclaimInput) =>
  postJson<Reclaim>(`${loc(locationId)}/reclaim/rules/${encodeURIComponent(ruleId)}/reclaims`, body);

export const approveReclaim = (locationId: string, id: string) =>
  postJson<Reclaim>(`${loc(locationId)}/reclaims/${encodeURIComponent(id)}/approve`);

export const cancelReclaim = (locationId: string, id: string) =>
  postJson<Reclaim>(`${loc(locationId)}/reclaims/${encodeURIComponent(id)}/cancel`);

const listQuery = (kind: ListKind, columns: { keyColumn?: string; seenColumn?: string }, name?: string) =>
  new URLSearchParams({
    kind,
    ...(columns.keyColumn ? { keyColumn: columns.keyColumn } : {}),
    ...(columns.seenColumn !== undefined ? { seenColumn: columns.seenColumn } : {}),
    ...(name ? { name } : {}),
  }).toString();

const csvBody = (csv: string) => ({ method: "POST", body: csv, headers: { "Content-Type": "text/csv" } });

export const previewList = (
  csv: string,
  kind: ListKind,
  columns: { keyColumn?: string; seenColumn?: string },
) => apiFetch<ListPreview>(`/api/reclaim/lists/preview?${listQuery(kind, columns)}`, csvBody(csv));

export const saveList = (
  csv: string,
  kind: ListKind,
  columns: { keyColumn?: string; seenColumn?: string },
  name: string,
) => apiFetch<{ list: ReclaimList }>(`/api/reclaim/lists?${listQuery(kind, columns, name)}`, csvBody(csv));

export const deleteList = (id: string) =>
  apiFetch<void>(`/api/reclaim/lists/${encodeURIComponent(id)}`, { method: "DELETE" });

export const setPrice = (adamId: string, price: Money) =>
  putJson<{ items: PriceRow[] }>(`/api/reclaim/prices/${encodeURIComponent(adamId)}`, price);

export const deletePrice = (adamId: string) =>
  apiFetch<void>(`/api/reclaim/prices/${encodeURIComponent(adamId)}`, { method: "DELETE" });

export const importPrices = (csv: string) =>
  apiFetch<{ saved: number; problems: { line: number; message: string }[] }>(
    "/api/reclaim/prices.csv",
    csvBody(csv),
  );

export const saveGuardrails = (g: Guardrails) => putJson<Guardrails>("/api/reclaim/guardrails", g);

/** "$1,299.00" — one currency at a time; amounts in different currencies are listed, never added. */
export function formatMoney(m: Money): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: m.currency }).format(Number(m.amount));
}

export const formatMoneys = (list: Money[]): string =>
  list.length ? list.map(formatMoney).join(" · ") : "—";
