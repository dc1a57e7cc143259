import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatRelative } from "../../../lib/format";
import { jobsQueryOptions } from "../../../lib/api/jobs";
import { isUserJob } from "@vpp/proxy/contract";
import { jobTitle, STATE_LOOK, VERB } from "../utils/job-look";

/** Running and past jobs of the location; each opens its live view. Viewers see no "New job". */
export function JobsList({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const jobs = useQuery(jobsQueryOptions(locationId));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Jobs</Title>
        {canWrite && (
          <Button component={Link} to={`/l/${locationId}/wizard`}>
            New job
          </Button>
        )}
      </Group>
      {jobs.isError && <QueryError error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data?.length === 0 && (
        <Text c="dimmed">No job yet.{canWrite ? " Start one with “New job”." : ""}</Text>
      )}
      {jobs.data && jobs.data.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Jobs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Targets</Table.Th>
                <Table.Th>Done</Table.Th>
                <Table.Th>Failed</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/l/${locationId}/jobs/${j.id}`}>
                      {isUserJob(j.type)
                        ? jobTitle(j, new Map())
                        : `${VERB[j.type]} · ${j.request.assets.length || "all"} asset${j.request.assets.length === 1 ? "" : "s"}`}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_LOOK[j.state].color} autoContrast>
                      {STATE_LOOK[j.state].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {formatCount(j.request.serialNumbers.length + j.request.clientUserIds.length)}
                  </Table.Td>
                  <Table.Td>{formatCount(j.numCompleted)}</Table.Td>
                  <Table.Td>{formatCount(j.failureCount ?? 0)}</Table.Td>
                  <Table.Td>{j.requestedBy}</Table.Td>
                  <Table.Td>{formatRelative(Date.parse(j.createdAt))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
