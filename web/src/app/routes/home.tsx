import { Center, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate } from "react-router";
import { QueryError } from "../../components/errors/query-error";
import { locationsQueryOptions } from "../../lib/api/locations";

/** The first location's overview, or the locations page when there is none yet. */
export function HomeRoute() {
  const locations = useQuery(locationsQueryOptions());
  if (locations.isPending)
    return (
      <Center p="xl">
        <Loader aria-label="Loading locations" />
      </Center>
    );
  if (locations.isError)
    return <QueryError error={locations.error} onRetry={() => void locations.refetch()} />;
  const first = locations.data[0];
  return <Navigate to={first ? `/l/${first.id}` : "/locations"} replace />;
}
