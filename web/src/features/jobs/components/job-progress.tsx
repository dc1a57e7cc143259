import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { formatCount } from "../../../lib/format";
import { expectedTasks, type Job } from "../api/jobs";

const STATE_COLOR: Record<string, string> = {
  queued: "gray",
  running: "blue",
  complete: "teal",
  failed: "red",
  cancelled: "orange",
};
const CHUNK_LABEL: Record<string, string> = {
  planned: "waiting",
  sending: "sending",
  sent: "processing at Apple",
  complete: "complete",
  failed: "finished with failures",
  cancelled: "cancelled",
};
const VERB: Record<string, string> = { associate: "Assign", disassociate: "Unassign", revoke: "Revoke" };

interface Props {
  job: Job;
  names: Map<string, string>;
  onRetry?: (() => void) | undefined;
  onCancel?: (() => void) | undefined;
  busy?: boolean;
}

/** A job as it progresses: one bar for the whole job, one row per request to Apple, failures in words. */
export function JobProgress({ job, names, onRetry, onCancel, busy }: Props) {
  const total = Math.max(expectedTasks(job), 1);
  const done = job.numCompleted;
  const failed = job.failures.length;
  const running = job.state === "queued" || job.state === "running";
  const title = `${VERB[job.type]} ${job.request.assets.map((a) => names.get(a.adamId) ?? a.adamId).join(", ") || "every revocable licence"}`;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed" size="sm">
            {formatCount(job.request.serialNumbers.length)} devices ·{" "}
            {formatCount(job.request.clientUserIds.length)} users · {job.plan.requests} request
            {job.plan.requests === 1 ? "" : "s"} to Apple · by {job.requestedBy}
          </Text>
        </div>
        <Badge size="lg" color={STATE_COLOR[job.state]} aria-label="Job state">
          {job.state === "failed" ? "finished with failures" : job.state}
        </Badge>
      </Group>
      <Card withBorder>
        <Stack gap={6}>
          <Progress.Root size="xl" aria-label="Job progress">
            <Progress.Section value={(done / total) * 100} color="teal" />
            <Progress.Section value={(failed / total) * 100} color="red" />
          </Progress.Root>
          <Text size="sm" role="status" aria-label="Job counts">
            {formatCount(done)} of {formatCount(total)} done{failed ? ` · ${formatCount(failed)} failed` : ""}{" "}
            · {job.chunksSent} of {job.chunks.length} requests sent
          </Text>
        </Stack>
      </Card>
      {job.error && (
        <Alert color="red" title="The job stopped">
          {job.error}
        </Alert>
      )}
      <Group>
        {running && onCancel && (
          <Button variant="default" color="red" onClick={onCancel} loading={busy}>
            Cancel unsent requests
          </Button>
        )}
        {!running && failed > 0 && onRetry && (
          <Button onClick={onRetry} loading={busy}>
            Retry the {formatCount(failed)} failed
          </Button>
        )}
        <Button component="a" href={`/api/jobs/${job.id}/results.csv`} variant="light" download>
          Download results as CSV
        </Button>
      </Group>
      <Title order={2} size="h4">
        Requests to Apple
      </Title>
      <Table aria-label="Requests to Apple" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Targets</Table.Th>
            <Table.Th>Apple event</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Done</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {job.chunks.map((c) => (
            <Table.Tr key={c.seq}>
              <Table.Td>{c.seq + 1}</Table.Td>
              <Table.Td>
                {c.assets.length > 0 && `${c.assets.length} asset${c.assets.length === 1 ? "" : "s"} × `}
                {c.serialNumbers.length + c.clientUserIds.length} targets
              </Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {c.eventId ?? "—"}
                {c.possiblyRepeated && (
                  <Badge
                    ml={6}
                    size="xs"
                    color="yellow"
                    title="Sent again after a restart; Apple may have received it twice (it does not charge twice)."
                  >
                    possibly repeated
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{c.error ?? CHUNK_LABEL[c.state]}</Table.Td>
              <Table.Td>
                {c.numRequested !== null
                  ? `${formatCount(c.numCompleted ?? 0)} / ${formatCount(c.numRequested)}`
                  : "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {failed > 0 && (
        <>
          <Title order={2} size="h4">
            Failures ({formatCount(failed)})
          </Title>
          <Table aria-label="Failures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>App or book</Table.Th>
                <Table.Th>Device or user</Table.Th>
                <Table.Th>Apple error</Table.Th>
                <Table.Th>What it means</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.failures.slice(0, 500).map((f, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{f.adamId ? (names.get(f.adamId) ?? f.adamId) : "—"}</Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {f.serialNumber ?? f.clientUserId ?? "—"}
                  </Table.Td>
                  <Table.Td>{f.errorNumber}</Table.Td>
                  <Table.Td>{f.explanation}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {failed > 500 && (
            <Text size="sm" c="dimmed">
              The first 500 are shown; <Anchor href={`/api/jobs/${job.id}/results.csv`}>the CSV</Anchor> has
              them all.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
