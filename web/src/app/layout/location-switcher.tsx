import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useNavigate } from "react-router";
import { locationsQueryOptions } from "../../lib/api/locations";

/** Switch between locations, staying on the same kind of page. */
export function LocationSwitcher({ currentId }: { currentId: string | undefined }) {
  const locations = useQuery(locationsQueryOptions());
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!locations.data || locations.data.length === 0) return null;
  return (
    <Select
      aria-label="Location"
      placeholder="Choose a location"
      data={locations.data.map((l) => ({ value: l.id, label: `${l.locationName} · ${l.orgName}` }))}
      value={currentId ?? null}
      onChange={(id) => {
        if (!id) return;
        const section = /^\/l\/[^/]+\/(assets|users)/.exec(pathname)?.[1];
        navigate(section ? `/l/${id}/${section}` : `/l/${id}`);
      }}
      allowDeselect={false}
      w={{ base: "100%", md: 300 }}
      visibleFrom="md"
    />
  );
}
