import { Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "../../../components/errors/query-error";
import { apiFetch } from "../../../lib/api-client";
import { vppUrl } from "../../../lib/paged";

interface ServiceConfig {
  limits: Record<string, number>;
  notificationTypes: string[];
}

interface ClientConfig {
  countryISO2ACode?: string;
  defaultPlatform?: string;
  locationName?: string;
  mdmInfo?: { id: string; name: string; metadata: string };
  notificationUrl?: string;
  subscribedNotificationTypes?: string[];
  websiteURL?: string;
}

const LIMIT_WORDS: Record<string, string> = {
  maxAssets: "apps or books per assign / unassign request",
  maxSerialNumbers: "serial numbers per assign / unassign request",
  maxClientUserIds: "users per assign / unassign request",
  maxRevokeSerialNumbers: "serial numbers per revoke request",
  maxRevokeClientUserIds: "users per revoke request",
  maxUsers: "users per create / update / retire request",
  maxRequestPerSecond: "requests per second for this location",
  maxNotificationLength: "characters in a notification URL or token",
  maxMdmNameLength: "characters in the MDM name",
  maxMdmIdLength: "characters in the MDM id",
  maxMdmMetadataLength: "characters in the MDM metadata",
};

/** What Apple says about this location now: its live request limits and its client configuration. */
export function SettingsView({ locationId }: { locationId: string }) {
  const service = useQuery({
    queryKey: ["vpp", locationId, "service-config"],
    queryFn: () => apiFetch<ServiceConfig>(vppUrl(locationId, "service/config")),
  });
  const client = useQuery({
    queryKey: ["vpp", locationId, "client-config"],
    queryFn: () => apiFetch<ClientConfig>(vppUrl(locationId, "client/config")),
  });
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={1}>Settings from Apple</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Apple&apos;s limits now
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Apple changes these without notice; the console re-reads them every 5 minutes and plans jobs by
            them.
          </Text>
          {service.isPending && <Loader size="sm" aria-label="Loading limits" />}
          {service.isError && <QueryError error={service.error} onRetry={() => void service.refetch()} />}
          {service.data && (
            <Table aria-label="Apple's limits">
              <Table.Tbody>
                {Object.entries(service.data.limits)
                  .filter(([k]) => k in LIMIT_WORDS)
                  .map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Td fw={700}>{v.toLocaleString("en-US")}</Table.Td>
                      <Table.Td>{LIMIT_WORDS[k]}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Location at Apple
          </Title>
          {client.isPending && <Loader size="sm" aria-label="Loading client configuration" />}
          {client.isError && <QueryError error={client.error} onRetry={() => void client.refetch()} />}
          {client.data && (
            <Stack gap={6}>
              <Text size="sm">
                <b>{client.data.locationName}</b> · {client.data.countryISO2ACode} ·{" "}
                {client.data.defaultPlatform} · {client.data.websiteURL}
              </Text>
              <Text size="sm">
                Managing client:{" "}
                {client.data.mdmInfo
                  ? `${client.data.mdmInfo.name} ${client.data.mdmInfo.metadata}`
                  : "none has claimed this location"}
              </Text>
              <Text size="sm">
                Notifications:{" "}
                {client.data.notificationUrl
                  ? client.data.notificationUrl
                  : "not configured (the console polls Apple instead)"}
              </Text>
              <Group gap={4}>
                {(client.data.subscribedNotificationTypes ?? []).map((t) => (
                  <Badge key={t} variant="light">
                    {t}
                  </Badge>
                ))}
              </Group>
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
