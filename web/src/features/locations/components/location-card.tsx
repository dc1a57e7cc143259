import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useClaimLocation, useDeleteLocation } from "../../../lib/api/location-mutations";
import type { Location } from "../../../lib/api/locations";
import { ExpiryBadge } from "../../../components/expiry-badge/expiry-badge";
import { formatDate } from "../../../lib/format";

/** One location: organisation, name, expiry countdown, who manages it, and its actions. */
export function LocationCard({ location, canManage }: { location: Location; canManage: boolean }) {
  const claim = useClaimLocation();
  const remove = useDeleteLocation();
  return (
    <Card withBorder padding="lg" aria-label={`Location ${location.locationName}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text size="sm" c="dimmed">
              {location.orgName}
            </Text>
            <Anchor component={Link} to={`/l/${location.id}`} fw={700} size="lg">
              {location.locationName}
            </Anchor>
          </div>
          <Group gap={6}>
            {location.upstream === "sandbox" && <Badge variant="outline">Demo data</Badge>}
            <ExpiryBadge location={location} />
          </Group>
        </Group>
        <Text size="sm">
          Token expires {formatDate(location.expDate)} · uId {location.uId}
        </Text>
        {location.managedByOther ? (
          <Alert color="orange" title={`Managed by another MDM: ${location.mdmInfo?.name ?? "unknown"}`}>
            Apple allows one managing client per location; two make licence allocation unpredictable. Make
            this console the manager only if {location.mdmInfo?.name ?? "the other MDM"} no longer manages
            this location.
            {canManage && (
              <Group mt="sm">
                <Button
                  size="xs"
                  color="orange"
                  loading={claim.isPending}
                  onClick={() => claim.mutate(location.id)}
                >
                  Make this console the managing client
                </Button>
              </Group>
            )}
            {claim.isError && (
              <Text c="red" size="sm">
                {claim.error.message}
              </Text>
            )}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {location.managedByUs ? "Managed by this console." : "No MDM has claimed this location yet."}
          </Text>
        )}
        {location.expiryState === "expired" && (
          <Alert color="red" title="Token expired">
            Download a new token for this location and drop it above; the location keeps its history.
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Button component={Link} to={`/l/${location.id}`} variant="light" size="xs">
            Open
          </Button>
          {canManage && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(`Remove ${location.locationName}? Its token is erased from this server.`))
                  remove.mutate(location.id);
              }}
            >
              Remove
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
