import { Alert, Button, Group, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { ApiError } from "../../lib/api-client";

/** An error state in words: Apple's number and meaning, a retry, and a countdown for holds. */
export function QueryError({
  error,
  onRetry,
  title = "Could not load this",
}: {
  error: Error;
  onRetry?: () => void;
  title?: string;
}) {
  const api = error instanceof ApiError ? error : undefined;
  const hold = api?.code === "APPLE_HOLD" ? (api.retryAfterSeconds ?? 1) : undefined;
  return (
    <Alert
      color={hold ? "yellow" : "red"}
      title={hold ? `Apple asked us to wait ${hold} s` : title}
      role="alert"
    >
      <Text size="sm">
        {hold ? <Countdown key={`${hold}:${error.message}`} seconds={hold} /> : error.message}
      </Text>
      {(api?.appleErrorNumber !== undefined || api?.requestId) && (
        <Text size="xs" c="dimmed" mt={4}>
          {api.appleErrorNumber !== undefined && `Apple error ${api.appleErrorNumber}`}
          {api.appleErrorNumber !== undefined && api.requestId && " · "}
          {api.requestId && `Reference ${api.requestId}`}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="light" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}

/** "Resuming by itself in N s", counting down from when the hold was reported. */
function Countdown({ seconds }: { seconds: number }) {
  const [until] = useState(() => Date.now() + seconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <>Resuming by itself in {Math.max(0, Math.ceil((until - now) / 1000))} s.</>;
}
