import { queryOptions } from "@tanstack/react-query";
import type { PersonView, RegisterPeople, RetirePeople, RosterPreview } from "@vpp/proxy/contract";
import { apiFetch, postJson } from "../api-client";
import type { Job } from "./jobs";

export type { PersonView, RosterPreview };

export const peopleKeys = {
  groups: (locationId: string) => ["people", locationId, "groups"] as const,
  person: (locationId: string, clientUserId: string) =>
    ["people", locationId, "person", clientUserId] as const,
};

const base = (locationId: string) => `/api/locations/${encodeURIComponent(locationId)}/people`;

/** The roster CSV read by the proxy: people, problems by line, who is new at Apple. Nothing is sent. */
export const previewRoster = (locationId: string, csv: string) =>
  apiFetch<RosterPreview>(`${base(locationId)}/roster`, {
    method: "POST",
    body: csv,
    headers: { "Content-Type": "text/csv" },
  });

/** Save people to the directory and register the new ones with Apple (a job), or the directory only. */
export const registerPeople = (locationId: string, body: RegisterPeople) =>
  postJson<{ saved: number; sent: number; job: Job | null }>(base(locationId), body);

/** Retire people, with their licences taken back first when asked; resolves with the retire job. */
export const retirePeople = (locationId: string, body: RetirePeople) =>
  postJson<Job>(`${base(locationId)}/retire`, body);

export const groupsQueryOptions = (locationId: string) =>
  queryOptions({
    queryKey: peopleKeys.groups(locationId),
    queryFn: () => apiFetch<{ items: { group: string; people: number }[] }>(`${base(locationId)}/groups`),
    staleTime: 30_000,
  });

export const groupMembers = (locationId: string, group: string) =>
  apiFetch<{ clientUserIds: string[] }>(`${base(locationId)}/groups/${encodeURIComponent(group)}`);

export const personQueryOptions = (locationId: string, clientUserId: string) =>
  queryOptions({
    queryKey: peopleKeys.person(locationId, clientUserId),
    queryFn: () => apiFetch<PersonView>(`${base(locationId)}/${encodeURIComponent(clientUserId)}`),
    retry: false,
  });

export const invitationsCsvUrl = (locationId: string) => `${base(locationId)}/invitations.csv`;
