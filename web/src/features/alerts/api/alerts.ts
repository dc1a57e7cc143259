import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  AlertChannels,
  AlertSettings,
  AlertView,
  WebhookDeliveryView,
  WebhookInput,
  WebhookView,
} from "@vpp/proxy/contract";
import { apiFetch, postJson, putJson } from "../../../lib/api-client";

const keys = {
  alerts: ["alerts"] as const,
  settings: (locationId: string) => ["alerts", "settings", locationId] as const,
  channels: ["alerts", "channels"] as const,
  webhooks: ["webhooks"] as const,
};

/** The notification centre: newest first, with the unread count; looked at again every 30 s. */
export const alertsQueryOptions = () =>
  queryOptions({
    queryKey: keys.alerts,
    queryFn: () => apiFetch<{ items: AlertView[]; unread: number }>("/api/alerts"),
    refetchInterval: 30_000,
  });

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => postJson<{ unread: number }>("/api/alerts/read", ids ? { ids } : {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.alerts, exact: true }),
  });
}

export const alertSettingsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: keys.settings(locationId),
    queryFn: () => apiFetch<AlertSettings>(`/api/locations/${locationId}/alerts/settings`),
  });

export function useSaveAlertSettings(locationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: AlertSettings) =>
      putJson<AlertSettings>(`/api/locations/${locationId}/alerts/settings`, s),
    onSuccess: (saved) => {
      qc.setQueryData(keys.settings(locationId), saved);
      void qc.invalidateQueries({ queryKey: keys.alerts, exact: true });
    },
  });
}

type Channels = AlertChannels & { smtp: boolean };

export const channelsQueryOptions = () =>
  queryOptions({ queryKey: keys.channels, queryFn: () => apiFetch<Channels>("/api/alerts/channels") });

export function useSaveChannels() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: AlertChannels) => putJson<Channels>("/api/alerts/channels", c),
    onSuccess: (saved) => qc.setQueryData(keys.channels, saved),
  });
}

export const webhooksQueryOptions = () =>
  queryOptions({
    queryKey: keys.webhooks,
    queryFn: async () => (await apiFetch<{ items: WebhookView[] }>("/api/webhooks")).items,
  });

export const deliveriesQueryOptions = (webhookId: string) =>
  queryOptions({
    queryKey: [...keys.webhooks, webhookId, "deliveries"],
    queryFn: async () =>
      (await apiFetch<{ items: WebhookDeliveryView[] }>(`/api/webhooks/${webhookId}/deliveries`)).items,
    refetchInterval: 10_000,
  });

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (w: Partial<WebhookInput> & Pick<WebhookInput, "name" | "url">) =>
      postJson<WebhookView & { secret: string }>("/api/webhooks", w),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

/** A test post to one webhook, sent now; answers with its delivery (taken, or what went wrong). */
export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => postJson<WebhookDeliveryView>(`/api/webhooks/${id}/test`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/webhooks/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}
