import { Alert, Badge, Button, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { formatCount } from "../../../lib/format";
import { expectedTasks, type Job } from "../../../lib/api/jobs";
import { isOpen, jobTitle, STATE_LOOK } from "../utils/job-look";
import { JobChunksTable } from "./job-chunks-table";
import { JobPausedAlert } from "./job-paused-alert";
import { JobProblemsTable, problemsOf } from "./job-problems-table";

interface Props {
  job: Job;
  names: Map<string, string>;
  onRetry?: (() => void) | undefined;
  onCancel?: (() => void) | undefined;
  onConfirmTakeover?: (() => void) | undefined;
  busy?: boolean;
}

/** A job as it progresses: one bar for the whole job, one row per request to Apple, failures in words. */
export function JobProgress({ job, names, onRetry, onCancel, onConfirmTakeover, busy }: Props) {
  const total = Math.max(expectedTasks(job), 1);
  const done = job.numCompleted;
  const problems = problemsOf(job).length;
  const unconfirmedChunks = job.chunks.filter((c) => c.state === "unconfirmed").length;
  const retryable = problems + unconfirmedChunks;
  const running = isOpen(job.state);
  const title = jobTitle(job, names);
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
        <Badge size="lg" color={STATE_LOOK[job.state].color} autoContrast aria-label="Job state">
          {STATE_LOOK[job.state].label}
        </Badge>
      </Group>
      <Card withBorder>
        <Stack gap={6}>
          <Progress.Root size="xl" role="group" aria-label="Job progress">
            <Progress.Section value={(done / total) * 100} color="teal" aria-label="Done" />
            <Progress.Section value={(problems / total) * 100} color="red" aria-label="Failed or not done" />
          </Progress.Root>
          <Text size="sm" role="status" aria-label="Job counts">
            {formatCount(done)} of {formatCount(total)} done
            {problems ? ` · ${formatCount(problems)} failed or not done` : ""} · {job.chunksSent} of{" "}
            {job.chunks.length} requests sent
          </Text>
        </Stack>
      </Card>
      {job.paused && <JobPausedAlert pause={job.paused} onConfirmTakeover={onConfirmTakeover} busy={busy} />}
      {job.error && (
        <Alert
          color={job.state === "cancelled" ? "orange" : "red"}
          title={job.state === "cancelled" ? "Cancelled" : "The job stopped"}
        >
          {job.error}
        </Alert>
      )}
      <Group>
        {running && onCancel && (
          <Button variant="default" color="red" onClick={onCancel} loading={busy}>
            Cancel the job
          </Button>
        )}
        {!running && retryable > 0 && onRetry && (
          <Button onClick={onRetry} loading={busy}>
            {problems > 0 ? `Retry the ${formatCount(problems)} failed` : "Retry"}
            {unconfirmedChunks > 0 &&
              ` ${problems > 0 ? "and " : ""}the unconfirmed request${unconfirmedChunks === 1 ? "" : "s"}`}
          </Button>
        )}
        <Button component="a" href={`/api/jobs/${job.id}/results.csv`} variant="light" download>
          Download results as CSV
        </Button>
      </Group>
      <Title order={2} size="h4">
        Requests to Apple
      </Title>
      <JobChunksTable chunks={job.chunks} />
      {problems > 0 && (
        <>
          <Title order={2} size="h4">
            Failed or not done ({formatCount(problems)})
          </Title>
          <JobProblemsTable job={job} names={names} />
        </>
      )}
    </Stack>
  );
}
