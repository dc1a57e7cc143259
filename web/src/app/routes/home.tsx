import { Alert, Badge, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../../lib/api-client";

interface Health {
  status: string;
  sandbox: boolean;
}

export function HomeRoute() {
  const health = useQuery({ queryKey: ["health"], queryFn: () => apiFetch<Health>("/api/health") });
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>Apps and Books licences</Title>
      <Text c="dimmed">
        Every app and book your location owns, who holds each licence, and bulk assign / unassign jobs that
        follow Apple&apos;s limits.
      </Text>
      <Card withBorder padding="lg">
        <Group justify="space-between">
          <Text fw={600}>Console service</Text>
          {health.isPending && <Loader size="sm" aria-label="Checking the service" />}
          {health.isError && (
            <Alert color="red" title="The console service is not reachable">
              {health.error.message}
            </Alert>
          )}
          {health.data && (
            <Group gap="xs">
              <Badge color="green">{health.data.status === "ok" ? "Running" : health.data.status}</Badge>
              {health.data.sandbox && <Badge variant="light">Sandbox with demo data</Badge>}
            </Group>
          )}
        </Group>
      </Card>
    </Stack>
  );
}
