import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, postJson } from "../../../lib/api-client";

export interface AccountRow {
  id: number;
  username: string;
  role: "admin" | "viewer";
  disabled: boolean;
  /** Signs in with single sign-on (no password here to reset). */
  sso: boolean;
  /** Sessions open now. */
  sessions: number;
}

const key = ["accounts"] as const;

export const accountsQueryOptions = () =>
  queryOptions({ queryKey: key, queryFn: () => apiFetch<AccountRow[]>("/api/accounts") });

const patch = (id: number, body: { role?: AccountRow["role"]; disabled?: boolean }) =>
  apiFetch<AccountRow>(`/api/accounts/${id}`, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });

/** Every change to accounts refreshes the list. */
function useAccountMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: key }) });
}

export const useCreateAccount = () =>
  useAccountMutation((body: { username: string; password: string; role: AccountRow["role"] }) =>
    postJson<AccountRow>("/api/accounts", body),
  );
export const useChangeAccount = () =>
  useAccountMutation((v: { id: number; role?: AccountRow["role"]; disabled?: boolean }) =>
    patch(v.id, {
      ...(v.role ? { role: v.role } : {}),
      ...(v.disabled !== undefined ? { disabled: v.disabled } : {}),
    }),
  );
export const useResetPassword = () =>
  useAccountMutation((id: number) =>
    postJson<{ username: string; password: string }>(`/api/accounts/${id}/reset-password`),
  );
export const useSignOutAccount = () =>
  useAccountMutation((id: number) =>
    postJson<{ username: string; ended: number }>(`/api/accounts/${id}/sign-out`),
  );
export const useDeleteAccount = () =>
  useAccountMutation((id: number) => apiFetch<void>(`/api/accounts/${id}`, { method: "DELETE" }));

export const changeOwnPassword = (body: { currentPassword: string; newPassword: string }) =>
  postJson<void>("/api/session/password", body);
