import { Code, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "../../../components/errors/query-error";
import { apiFetch } from "../../../lib/api-client";
import type { AuditEntry } from "../../../lib/api-types";
import { formatRelative } from "../../../lib/format";

const RESULT_COLOR: Record<string, string> = { ok: "teal", refused: "orange", failed: "red" };

/** Who did what, when, with which result (sign-ins, locations, jobs). Admins only. */
export function Activity() {
  const audit = useQuery({
    queryKey: ["audit"],
    queryFn: () => apiFetch<AuditEntry[]>("/api/audit?limit=100"),
    refetchInterval: 10_000,
  });
  return (
    <div>
      <Title order={2} size="h4" mb="sm">
        Activity
      </Title>
      {audit.isError && <QueryError error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Activity" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {audit.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td title={e.at}>{formatRelative(Date.parse(e.at))}</Table.Td>
                  <Table.Td>{e.actor}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>
                    <Text c={RESULT_COLOR[e.result] ?? "dimmed"} size="sm" fw={600}>
                      {e.result}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {e.detail && (
                      <Code fz="xs">
                        {Object.entries(e.detail)
                          .map(([k, v]) => `${k}: ${String(v)}`)
                          .join(" · ")}
                      </Code>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}
