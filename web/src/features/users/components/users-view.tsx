import {
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useMemo } from "react";
import { Link } from "react-router";
import { z } from "zod";
import { useUrlState } from "../../../hooks/use-url-state";
import { DataTable } from "../../../components/data-table/data-table";
import { createAppColumnHelper, useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import { groupsQueryOptions, invitationsCsvUrl } from "../../../lib/api/people";
import { formatCount } from "../../../lib/format";
import { rowsOf } from "../../../lib/paged";
import { LoadProgress } from "../../../components/assets/load-progress";
import { fold } from "../../../lib/text";
import { usersQueryOptions, type UserRow } from "../api/get-users";
import { UserStatusBadge } from "./user-status-badge";

/** The users table's URL state: which users, and the search. */
const usersSearchSchema = z.object({
  status: z.enum(["all", "active", "retired"]).catch("active"),
  q: z.string().catch(""),
  group: z.string().catch(""),
});

const col = createAppColumnHelper<UserRow & { rowId: string }>();

/** Apple's users of the location by name: active / retired, by group, searchable, each linking to their licences. */
export function UsersView({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const [{ status: scope, q, group }, set] = useUrlState(usersSearchSchema);
  const deferredQ = useDeferredValue(q);
  const query = useQuery(usersQueryOptions(locationId, scope));
  const groups = useQuery(groupsQueryOptions(locationId));
  const all = useMemo(
    () => rowsOf(query.data).map((u, i) => ({ ...u, rowId: `${u.clientUserId}#${i}` })),
    [query.data],
  );
  const rows = useMemo(() => {
    const needle = fold(deferredQ.trim());
    const wanted = fold(group);
    return all.filter(
      (u) =>
        (!wanted || (u.groups ?? []).some((g) => fold(g) === wanted)) &&
        (!needle ||
          fold(`${u.name ?? ""} ${u.clientUserId} ${u.email ?? ""} ${(u.groups ?? []).join(" ")}`).includes(
            needle,
          )),
    );
  }, [all, deferredQ, group]);
  const columns = useMemo(
    () =>
      col.columns([
        col.accessor((u) => u.name || u.email || u.clientUserId, {
          id: "person",
          header: "Person",
          sortFn: "text",
          cell: (info) => {
            const u = info.row.original;
            return (
              <>
                <Anchor
                  component={Link}
                  to={`/l/${locationId}/users/${encodeURIComponent(u.clientUserId)}`}
                  size="sm"
                >
                  {u.name || u.email || u.clientUserId}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  {u.clientUserId}
                </Text>
              </>
            );
          },
        }),
        col.accessor((u) => u.email ?? "", { id: "email", header: "Email", sortFn: "text" }),
        col.accessor((u) => (u.groups ?? []).join(", "), { id: "groups", header: "Groups", sortFn: "text" }),
        col.accessor("status", {
          header: "Status",
          sortFn: "text",
          cell: (i) => <UserStatusBadge status={i.getValue()} />,
        }),
        col.accessor((u) => (u.idHash ? "Linked" : u.inviteCode ? "Invited" : "—"), {
          id: "account",
          header: "Apple Account",
          sortFn: "text",
        }),
      ]),
    [locationId],
  );
  const table = useAppTable({ columns, data: rows, getRowId: (u) => u.rowId });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Users</Title>
        <Group gap="xs">
          <Button component="a" variant="default" href={invitationsCsvUrl(locationId)} download>
            Pending invitations (CSV)
          </Button>
          {canWrite && (
            <>
              <Button component={Link} to={`/l/${locationId}/people/import`}>
                Import a roster
              </Button>
              <Button component={Link} to={`/l/${locationId}/people/retire`} variant="default" color="red">
                Retire people
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            label="Search users"
            placeholder="Name, e-mail, group or clientUserId"
            value={q}
            onChange={(e) => set({ q: e.currentTarget.value })}
            w={300}
          />
          <Select
            label="Group"
            placeholder="Everyone"
            clearable
            searchable
            value={group || null}
            onChange={(v) => set({ group: v ?? "" })}
            data={(groups.data?.items ?? []).map((g) => ({
              value: g.group,
              label: `${g.group} (${formatCount(g.people)})`,
            }))}
            w={220}
          />
          <SegmentedControl
            value={scope}
            onChange={(v) => set({ status: v })}
            data={[
              { value: "active", label: "Active" },
              { value: "retired", label: "Retired" },
              { value: "all", label: "All" },
            ]}
            aria-label="User status"
          />
        </Group>
        <Text size="sm" c="dimmed" role="status">
          {formatCount(rows.length)} of {formatCount(all.length)} users
        </Text>
      </Group>
      <LoadProgress data={query.data} fetching={query.fetchStatus === "fetching"} noun="users" />
      {query.isError ? (
        <QueryError
          error={query.error}
          onRetry={() => void query.refetch()}
          title="Could not read the users"
        />
      ) : (
        <DataTable
          table={table}
          label="Users"
          height="calc(100vh - 280px)"
          empty={<Text c="dimmed">{query.isPending ? "Loading…" : "No user matches."}</Text>}
        />
      )}
    </Stack>
  );
}
