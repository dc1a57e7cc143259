import { AllLocationsView } from "../../features/all-locations/components/all-locations-view";

export function AllLocationsRoute() {
  return <AllLocationsView />;
}
