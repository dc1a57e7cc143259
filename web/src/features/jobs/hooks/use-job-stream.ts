import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { jobKeys, type Job } from "../../../lib/api/jobs";

const TERMINAL = new Set(["complete", "failed", "cancelled"]);

/**
 * A job's live state from the proxy's Server-Sent Events. When it ends, the jobs list is
 * refetched, which refreshes the location's Apple data (useRefreshOnJobEnd).
 */
export function useJobStream(jobId: string): { job: Job | undefined; error: string | undefined } {
  const queryClient = useQueryClient();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    let ended = false;
    source.addEventListener("job", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as Job;
      setJob(next);
      setError(undefined);
      if (TERMINAL.has(next.state) && !ended) {
        ended = true;
        source.close();
        void queryClient.invalidateQueries({ queryKey: jobKeys.all });
      }
    });
    source.onerror = () => {
      if (!ended) setError("The live connection was interrupted; reconnecting…");
    };
    return () => source.close();
  }, [jobId, queryClient]);
  return { job, error };
}
