import { Anchor, Group, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useMemo } from "react";
import { Link } from "react-router";
import { z } from "zod";
import { useUrlState } from "../../../hooks/use-url-state";
import { DataTable } from "../../../components/data-table/data-table";
import { createAppColumnHelper, useAppTable } from "../../../components/data-table/table-hook";
import { QueryError } from "../../../components/errors/query-error";
import type { ResponseUser } from "../../../lib/apple";
import { formatCount } from "../../../lib/format";
import { rowsOf } from "../../../lib/paged";
import { LoadProgress } from "../../../components/assets/load-progress";
import { fold } from "../../../lib/text";
import { usersQueryOptions } from "../api/get-users";
import { UserStatusBadge } from "./user-status-badge";

/** The users table's URL state: which users, and the search. */
const usersSearchSchema = z.object({
  status: z.enum(["all", "active", "retired"]).catch("active"),
  q: z.string().catch(""),
});

const col = createAppColumnHelper<ResponseUser & { rowId: string }>();

/** Apple's users of the location: active / retired, searchable, each linking to their licences. */
export function UsersView({ locationId }: { locationId: string }) {
  const [{ status: scope, q }, set] = useUrlState(usersSearchSchema);
  const deferredQ = useDeferredValue(q);
  const query = useQuery(usersQueryOptions(locationId, scope));
  const all = useMemo(
    () => rowsOf(query.data).map((u, i) => ({ ...u, rowId: `${u.clientUserId}#${i}` })),
    [query.data],
  );
  const rows = useMemo(() => {
    const needle = fold(deferredQ.trim());
    return needle ? all.filter((u) => fold(`${u.clientUserId} ${u.email ?? ""}`).includes(needle)) : all;
  }, [all, deferredQ]);
  const columns = useMemo(
    () =>
      col.columns([
        col.accessor("clientUserId", {
          header: "clientUserId",
          sortFn: "text",
          cell: (info) => (
            <Anchor
              component={Link}
              to={`/l/${locationId}/users/${encodeURIComponent(info.getValue())}`}
              ff="monospace"
              size="sm"
            >
              {info.getValue()}
            </Anchor>
          ),
        }),
        col.accessor((u) => u.email ?? "", { id: "email", header: "Email", sortFn: "text" }),
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
      <Title order={1}>Users</Title>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            label="Search users"
            placeholder="clientUserId or email"
            value={q}
            onChange={(e) => set({ q: e.currentTarget.value })}
            w={300}
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
