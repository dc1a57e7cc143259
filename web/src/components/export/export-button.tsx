import { Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import { ApiError, apiFetch } from "../../lib/api-client";

interface Props {
  locationId: string;
  kind: "assignments" | "assets";
  params?: Record<string, string | undefined>;
  label?: string;
}

/**
 * Export as CSV with the browser's own download (and its progress). A quick check first, so a
 * refusal (expired token, Apple asking us to wait) is shown here in words, not as a broken file.
 */
export function ExportButton({ locationId, kind, params = {}, label = "Export CSV" }: Props) {
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const href = `/api/locations/${encodeURIComponent(locationId)}/export/${kind}.csv${query.size ? `?${query}` : ""}`;
  const start = async () => {
    setError(undefined);
    setChecking(true);
    try {
      await apiFetch<void>(`/api/locations/${encodeURIComponent(locationId)}/export/preflight`);
      const a = document.createElement("a");
      a.href = href;
      a.download = "";
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The export could not start.");
    } finally {
      setChecking(false);
    }
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Button variant="default" onClick={() => void start()} loading={checking} data-href={href}>
        {label}
      </Button>
      {error && (
        <Text size="sm" c="red" role="alert" maw={360}>
          {error}
        </Text>
      )}
    </Group>
  );
}
