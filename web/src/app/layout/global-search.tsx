import { Autocomplete } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { useAssetRows } from "../../hooks/use-asset-rows";
import { resolveSearch, searchOptions } from "./resolve-search";
import { hitOption, searchHitsQueryOptions } from "./search-hits";

/**
 * One box for an adamId, app name, serial number, clientUserId or e-mail: what the console's copy
 * holds in every location comes first, then what the current location's names suggest.
 */
export function GlobalSearch({ locationId }: { locationId: string }) {
  const navigate = useNavigate();
  const { rows } = useAssetRows(locationId);
  const [value, setValue] = useState("");
  const [debounced] = useDebouncedValue(value.trim(), 200);
  const hits = useQuery(searchHitsQueryOptions(debounced));
  const options = useMemo(() => {
    // The current location's hits first, then the others' (the same serial can be in several).
    const found = [...(hits.data?.items ?? [])].sort(
      (a, b) => Number(b.locationId === locationId) - Number(a.locationId === locationId),
    );
    const many = new Set(found.map((h) => h.locationId)).size > 1;
    const server = found.map((h) => hitOption(h, many));
    const seen = new Set(server.map((o) => o.to));
    return [...server, ...searchOptions(locationId, value, rows).filter((o) => !seen.has(o.to))];
  }, [hits.data, locationId, value, rows]);
  const go = (to: string | undefined) => {
    if (!to) return;
    setValue("");
    navigate(to);
  };
  return (
    <Autocomplete
      aria-label="Search apps, books, devices and users in every location"
      placeholder="Search app, serial, user or e-mail"
      value={value}
      onChange={setValue}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      filter={({ options: o }) => o}
      onOptionSubmit={(v) => go(options.find((o) => o.value === v)?.to)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && !e.defaultPrevented) {
          const found = hits.data?.items ?? [];
          const hit = found.find((h) => h.locationId === locationId) ?? found[0];
          go(
            hit && debounced === value.trim()
              ? hitOption(hit, false).to
              : resolveSearch(locationId, value, rows),
          );
        }
      }}
      w={{ base: "100%", md: 340 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
