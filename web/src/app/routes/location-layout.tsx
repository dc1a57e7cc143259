import { Alert, Anchor, Center, Loader, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, Outlet, useOutletContext, useParams } from "react-router";
import { HoldNotice } from "../../components/errors/hold-notice";
import { QueryError } from "../../components/errors/query-error";
import { locationsQueryOptions, type Location } from "../../lib/api/locations";
import { expiryLook } from "../../lib/expiry";
import { useRefreshOnJobEnd } from "../../features/jobs/hooks/use-refresh-on-job-end";
import { SyncChip } from "../../features/sync/components/sync-chip";

/** The current location for every page under /l/:locationId, with the expiry / MDM banners. */
export function LocationLayout() {
  const { locationId } = useParams();
  const locations = useQuery(locationsQueryOptions());
  const [mountedAt] = useState(() => Date.now());
  const missing = !!locations.data && !locations.data.some((l) => l.id === locationId);
  const { isFetching, dataUpdatedAt, refetch } = locations;
  useEffect(() => {
    if (missing && !isFetching && dataUpdatedAt < mountedAt) void refetch();
  }, [missing, isFetching, dataUpdatedAt, mountedAt, refetch]);
  useRefreshOnJobEnd(locationId ?? "");
  if (locations.isPending)
    return (
      <Center p="xl">
        <Loader aria-label="Loading location" />
      </Center>
    );
  if (locations.isError)
    return <QueryError error={locations.error} onRetry={() => void locations.refetch()} />;
  const location = locations.data.find((l) => l.id === locationId);
  // A location added a moment ago (here or in another tab) may be missing from an older list:
  // read the list again before saying it does not exist.
  if (!location && (locations.isFetching || locations.dataUpdatedAt < mountedAt)) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading location" />
      </Center>
    );
  }
  if (!location) {
    return (
      <Alert color="yellow" title="No such location">
        It may have been removed.{" "}
        <Anchor component={Link} to="/locations">
          See all locations
        </Anchor>
        .
      </Alert>
    );
  }
  const look = expiryLook(location.expiryState, location.daysToExpiry);
  return (
    <Stack gap="md">
      {(location.expiryState === "critical" || location.expiryState === "expired") && (
        <Alert color="red" title={`Content token: ${look.label.toLowerCase()}`} role="alert">
          Download a new token for {location.locationName} in Apple School Manager or Apple Business Manager
          and{" "}
          <Anchor component={Link} to="/locations">
            drop it on the Locations page
          </Anchor>
          .
        </Alert>
      )}
      {location.tokenRefused && (
        <Alert
          color="red"
          title={`Apple refuses this location's token (${location.tokenRefused.errorNumber})`}
          role="alert"
        >
          {location.tokenRefused.message} Jobs of this location are paused and go on once the newest token is{" "}
          <Anchor component={Link} to="/locations">
            dropped on the Locations page
          </Anchor>
          .
        </Alert>
      )}
      {location.managedByOther && (
        <Alert
          color="orange"
          title={`Another MDM manages this location: ${location.mdmInfo?.name ?? "unknown"}`}
        >
          Changes from two MDMs make licence allocation unpredictable.{" "}
          <Anchor component={Link} to="/locations">
            Review on the Locations page
          </Anchor>
          .
        </Alert>
      )}
      <HoldNotice locationId={location.id} />
      <SyncChip locationId={location.id} />
      <Outlet context={location} />
    </Stack>
  );
}

/** The location of the enclosing LocationLayout. */
export const useCurrentLocation = () => useOutletContext<Location>();
