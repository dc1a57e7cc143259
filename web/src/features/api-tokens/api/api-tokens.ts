import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ApiTokenInput, ApiTokenView } from "@vpp/proxy/contract";
import { apiFetch, postJson } from "../../../lib/api-client";

const key = ["api-tokens"] as const;

export const apiTokensQueryOptions = () =>
  queryOptions({
    queryKey: key,
    queryFn: async () => (await apiFetch<{ items: ApiTokenView[] }>("/api/tokens")).items,
  });

/** Creating or revoking a token refreshes the list; the new token itself lives only in the mutation's answer. */
function useTokenMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: key }) });
}

export const useCreateApiToken = () =>
  useTokenMutation((body: ApiTokenInput) => postJson<ApiTokenView & { token: string }>("/api/tokens", body));

export const useRevokeApiToken = () =>
  useTokenMutation((id: string) => apiFetch<void>(`/api/tokens/${id}`, { method: "DELETE" }));
