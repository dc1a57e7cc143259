import { Autocomplete } from "@mantine/core";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { useAssetRows } from "../../hooks/use-asset-rows";
import { resolveSearch, searchOptions } from "./resolve-search";

/** One box for an adamId, app name, serial number or clientUserId; it goes to the right page. */
export function GlobalSearch({ locationId }: { locationId: string }) {
  const navigate = useNavigate();
  const { rows } = useAssetRows(locationId);
  const [value, setValue] = useState("");
  const options = useMemo(() => searchOptions(locationId, value, rows), [locationId, value, rows]);
  const go = (to: string | undefined) => {
    if (!to) return;
    setValue("");
    navigate(to);
  };
  return (
    <Autocomplete
      aria-label="Search apps, books, devices and users"
      placeholder="Search app, adamId, serial or user"
      value={value}
      onChange={setValue}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      filter={({ options: o }) => o}
      onOptionSubmit={(v) => go(options.find((o) => o.value === v)?.to)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && !e.defaultPrevented) go(resolveSearch(locationId, value, rows));
      }}
      w={340}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
