import { Button, Card, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "../../../components/errors/query-error";
import { formatRelative } from "../../../lib/format";
import { syncBusy, syncQueryOptions, useRequestSync } from "../api/get-sync";

const NOTIFICATIONS: Record<string, string> = {
  off: "Off — set PUBLIC_URL so Apple can reach the console; deltas every 5 minutes keep the copy current",
  registered: "On — Apple tells the console of changes as they happen",
  failed: "Apple did not accept the console's address",
};

const when = (iso: string | undefined) => (iso ? formatRelative(Date.parse(iso)) : "never");

/** The location's copy: when it was last read, what the last full re-read changed, notifications. */
export function SyncCard({ locationId, canManage }: { locationId: string; canManage: boolean }) {
  const sync = useQuery(syncQueryOptions(locationId));
  const full = useRequestSync(locationId, true);
  const s = sync.data;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          The console&apos;s copy of this location
        </Title>
        <Text size="sm" c="dimmed">
          Views, search and exports read this copy. It is brought up to date with Apple&apos;s changes every 5
          minutes, with each job&apos;s results, and read again in full once a day (Apple&apos;s changes do
          not list licences taken back).
        </Text>
        {sync.isError && <QueryError error={sync.error} onRetry={() => void sync.refetch()} />}
        {s && (
          <Table aria-label="Copy of this location">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">Last brought up to date</Table.Th>
                <Table.Td>{when(s.syncedAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Last full read</Table.Th>
                <Table.Td>
                  {when(s.lastFullAt)}
                  {s.lastChanges && s.lastChanges.added + s.lastChanges.removed > 0
                    ? ` · found ${s.lastChanges.added} licences added and ${s.lastChanges.removed} taken back behind the console's back`
                    : ""}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Notifications from Apple</Table.Th>
                <Table.Td>{NOTIFICATIONS[s.notifications] ?? s.notifications}</Table.Td>
              </Table.Tr>
              {s.lastError && (
                <Table.Tr>
                  <Table.Th scope="row">Last problem</Table.Th>
                  <Table.Td>{s.lastError}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        )}
        {canManage && (
          <Button
            variant="default"
            onClick={() => full.mutate()}
            loading={full.isPending}
            disabled={syncBusy(s)}
            w="fit-content"
          >
            Read everything from Apple again now
          </Button>
        )}
      </Stack>
    </Card>
  );
}
