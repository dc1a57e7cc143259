import { Alert, Loader, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import { sessionQueryOptions } from "../../../lib/api/session";
import { useCancelJob, useResumeJob, useRetryFailed } from "../../../lib/api/job-mutations";
import { useJobStream } from "../hooks/use-job-stream";
import { JobProgress } from "./job-progress";

/** A job's live page: watcher (SSE) + dumb progress view. Leaving the page never stops the job. */
export function JobView({ locationId, jobId }: { locationId: string; jobId: string }) {
  const { job, error } = useJobStream(jobId);
  const { rows } = useAssetRows(locationId);
  const names = useMemo(() => new Map(rows.map((r) => [r.adamId, r.name])), [rows]);
  const navigate = useNavigate();
  const retry = useRetryFailed(locationId, jobId);
  const cancel = useCancelJob(locationId, jobId);
  const resume = useResumeJob(locationId, jobId);
  const admin = useQuery(sessionQueryOptions()).data?.role === "admin";
  if (!job) return error ? <Alert color="yellow">{error}</Alert> : <Loader aria-label="Loading job" />;
  return (
    <Stack>
      {error && <Alert color="yellow">{error}</Alert>}
      {retry.isError && <QueryError error={retry.error} title="Could not retry" />}
      {resume.isError && <QueryError error={resume.error} title="Could not resume" />}
      <JobProgress
        job={job}
        names={names}
        onRetry={
          admin
            ? () => retry.mutate(undefined, { onSuccess: (j) => navigate(`/l/${locationId}/jobs/${j.id}`) })
            : undefined
        }
        onCancel={admin ? () => cancel.mutate() : undefined}
        onConfirmTakeover={admin ? () => resume.mutate() : undefined}
        busy={retry.isPending || cancel.isPending || resume.isPending}
      />
    </Stack>
  );
}
