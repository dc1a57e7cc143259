import { Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import { ApiError, apiFetch } from "../../lib/api-client";

interface Props {
  locationId: string;
  kind: "assignments" | "assets";
  params?: Record<string, string | undefined>;
  /** Rows to export, as keys (adamId:pricingParam): sent in a form POST, never in the URL. */
  keys?: string[] | undefined;
  label?: string;
}

/** The browser's own download: a link, or a form POST when the rows are named (any number of them). */
function download(href: string, keys: string[] | undefined): void {
  if (!keys) {
    const a = document.createElement("a");
    a.href = href;
    a.download = "";
    document.body.append(a);
    a.click();
    a.remove();
    return;
  }
  const form = document.createElement("form");
  form.method = "post";
  form.action = href;
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "keys";
  input.value = keys.join(",");
  form.append(input);
  document.body.append(form);
  form.submit();
  form.remove();
}

/**
 * Export as CSV with the browser's own download (and its progress). A quick check first, so a
 * refusal (expired token, Apple asking us to wait) is shown here in words, not as a broken file.
 */
export function ExportButton({ locationId, kind, params = {}, keys, label = "Export CSV" }: Props) {
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const href = `/api/locations/${encodeURIComponent(locationId)}/export/${kind}.csv${query.size ? `?${query}` : ""}`;
  const start = async () => {
    setError(undefined);
    setChecking(true);
    try {
      await apiFetch<void>(`/api/locations/${encodeURIComponent(locationId)}/export/preflight`);
      download(href, keys);
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
