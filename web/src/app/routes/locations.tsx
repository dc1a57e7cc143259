import { Button, Card, Divider, Group, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { QueryError } from "../../components/errors/query-error";
import { useCreateDemoLocation } from "../../lib/api/location-mutations";
import { locationsQueryOptions } from "../../lib/api/locations";
import { LocationCard } from "../../features/locations/components/location-card";
import { TokenDropzone } from "../../features/locations/components/token-dropzone";
import { sessionQueryOptions } from "../../lib/api/session";

export function LocationsRoute() {
  const locations = useQuery(locationsQueryOptions());
  const session = useQuery(sessionQueryOptions());
  const canManage = session.data?.role === "admin";
  const navigate = useNavigate();
  const demo = useCreateDemoLocation();
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>Locations</Title>
        <Text c="dimmed">
          Each location is one content token from Apple School Manager or Apple Business Manager.
        </Text>
      </div>
      {canManage && (
        <Card withBorder padding="lg">
          <Stack>
            <Title order={2} size="h4">
              Add a location
            </Title>
            <TokenDropzone onAdded={(l) => !l.renewed && navigate(`/l/${l.id}`)} />
            <Divider label="no token at hand?" />
            <Group>
              <Button
                variant="outline"
                onClick={() => demo.mutate(undefined, { onSuccess: (l) => navigate(`/l/${l.id}`) })}
                loading={demo.isPending}
              >
                Try with demo data
              </Button>
              <Text size="sm" c="dimmed">
                A sample school district served by the built-in sandbox of Apple&apos;s service.
              </Text>
            </Group>
            {demo.isError && <QueryError error={demo.error} title="The demo location could not be created" />}
          </Stack>
        </Card>
      )}
      {locations.isPending && <Loader aria-label="Loading locations" />}
      {locations.isError && <QueryError error={locations.error} onRetry={() => void locations.refetch()} />}
      {locations.data?.length === 0 && (
        <Text c="dimmed">No location yet. Drop a token above, or try the demo data.</Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {locations.data?.map((l) => (
          <LocationCard key={l.id} location={l} canManage={canManage} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
