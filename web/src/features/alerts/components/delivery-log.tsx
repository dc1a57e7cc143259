import { Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { WebhookView } from "@vpp/proxy/contract";
import { formatRelative } from "../../../lib/format";
import { deliveriesQueryOptions } from "../api/alerts";

/** The last 100 posts to one webhook: what, how it went, how often tried, when next. */
export function DeliveryLog({ hook }: { hook: WebhookView }) {
  const log = useQuery(deliveriesQueryOptions(hook.id));
  const items = log.data ?? [];
  return (
    <div>
      <Title order={3} size="h5" mb="xs">
        Deliveries of {hook.name}
      </Title>
      {items.length === 0 ? (
        <Text size="sm">{log.isPending ? "Loading…" : "Nothing has been posted yet."}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label={`Deliveries of ${hook.name}`} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Made</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.event}</Table.Td>
                  <Table.Td>
                    {d.status === "delivered"
                      ? `delivered (HTTP ${d.lastStatus})`
                      : d.status === "failed"
                        ? `given up: ${d.lastError}`
                        : d.lastError
                          ? `retrying: ${d.lastError}`
                          : "waiting"}
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{formatRelative(Date.parse(d.createdAt))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}
