import { queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "../api-client";

/** Who is signed in; `{signedIn: false}` before sign-in (the check itself is never refused). */
export interface SessionUser {
  signedIn: boolean;
  username?: string;
  role?: "admin" | "viewer";
  /** Signed out: how this console lets people in (a password here, single sign-on by its name). */
  signIn?: { local: boolean; sso: string | null };
}

export const sessionKeys = {
  all: ["session"] as const,
};

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.all,
    queryFn: () => apiFetch<SessionUser>("/api/session"),
    retry: false,
    staleTime: 5 * 60_000,
  });

export const signIn = (username: string, password: string) =>
  postJson<void>("/api/session", { username, password });
export const signOut = () => apiFetch<void>("/api/session", { method: "DELETE" });
/** Every session of this account ends (a lost laptop), this one too. */
export const signOutEverywhere = () => apiFetch<{ ended: number }>("/api/sessions", { method: "DELETE" });
