import { Button, Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "../../../components/errors/query-error";
import { alertsQueryOptions, useMarkRead } from "../api/alerts";
import { AlertItem } from "./alert-item";

/** Every alert, newest first: unread or all, mark read. */
export function AlertsView() {
  const alerts = useQuery(alertsQueryOptions());
  const markRead = useMarkRead();
  const [show, setShow] = useState<"unread" | "all">("all");
  const items = (alerts.data?.items ?? []).filter((a) => show === "all" || !a.read);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Alerts</Title>
          <Text c="dimmed">
            Each fires once when its condition starts, and again only after it has cleared.{" "}
            {alerts.data ? `${alerts.data.unread} unread.` : ""}
          </Text>
        </div>
        <Group>
          <SegmentedControl
            aria-label="Show"
            value={show}
            onChange={(v) => setShow(v as "unread" | "all")}
            data={[
              { value: "all", label: "All" },
              { value: "unread", label: "Unread" },
            ]}
          />
          <Button
            variant="default"
            disabled={!alerts.data?.unread}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        </Group>
      </Group>
      {alerts.isError ? (
        <QueryError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <Text>
          {alerts.isPending ? "Loading…" : show === "unread" ? "Nothing unread." : "No alerts yet."}
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          aria-label="Alerts"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
        >
          {items.map((a) => (
            <Card component="li" withBorder key={a.id} padding="sm">
              <AlertItem alert={a} onOpen={() => !a.read && markRead.mutate([a.id])} />
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
