import { useMutation, useQueryClient } from "@tanstack/react-query";
import { cancelJob, jobKeys, resumeJob, retryFailed, submitJob, type Job, type JobInput } from "./jobs";

/** Every change to jobs refreshes the location's jobs list before its caller goes on (a job's own page follows it live). */
function useJobMutation<A>(locationId: string, fn: (arg: A) => Promise<Job>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.list(locationId) }),
  });
}

export const useSubmitJob = (locationId: string) =>
  useJobMutation(locationId, (input: JobInput) => submitJob(locationId, input));
export const useRetryFailed = (locationId: string, jobId: string) =>
  useJobMutation(locationId, () => retryFailed(jobId));
export const useCancelJob = (locationId: string, jobId: string) =>
  useJobMutation(locationId, () => cancelJob(jobId));
/** Go on with a paused job; after another MDM took over, confirming the takeover. */
export const useResumeJob = (locationId: string, jobId: string) =>
  useJobMutation(locationId, () => resumeJob(jobId, { confirmTakeover: true }));
