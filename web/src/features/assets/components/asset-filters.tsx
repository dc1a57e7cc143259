import { Checkbox, Group, Menu, NumberInput, Select, TextInput, Button } from "@mantine/core";
import type { AssetSearch } from "../utils/filter";

interface Props {
  search: AssetSearch;
  onChange: (patch: Partial<Record<keyof AssetSearch, string | undefined>>) => void;
  columns: { id: string; label: string; visible: boolean; toggle: () => void }[];
}

/** Search, filters and column choice for the assets table; all of it lives in the URL. */
export function AssetFilters({ search, onChange, columns }: Props) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name or adamId"
        value={search.q}
        onChange={(e) => onChange({ q: e.currentTarget.value || undefined })}
        w={240}
      />
      <Select
        label="Type"
        placeholder="All"
        clearable
        data={["App", "Book"]}
        value={search.type ?? null}
        onChange={(v) => onChange({ type: v ?? undefined })}
        w={110}
      />
      <Select
        label="Platform"
        placeholder="All"
        clearable
        data={["iOS", "macOS", "tvOS", "watchOS", "visionOS"]}
        value={search.platform ?? null}
        onChange={(v) => onChange({ platform: v ?? undefined })}
        w={120}
      />
      <Select
        label="Pricing"
        placeholder="All"
        clearable
        data={[
          { value: "STDQ", label: "STDQ" },
          { value: "PLUS", label: "PLUS" },
        ]}
        value={search.pricing ?? null}
        onChange={(v) => onChange({ pricing: v ?? undefined })}
        w={110}
      />
      <Select
        label="Show"
        data={[
          { value: "all", label: "All licences" },
          { value: "running-out", label: "Running out" },
          { value: "limited", label: "Limited only" },
          { value: "unlimited", label: "Unlimited (free)" },
        ]}
        value={search.show}
        onChange={(v) => onChange({ show: v && v !== "all" ? v : undefined })}
        w={160}
        allowDeselect={false}
      />
      {search.show === "running-out" && (
        <NumberInput
          label="Available below"
          min={0}
          max={100000}
          value={search.below}
          onChange={(v) => onChange({ below: v === "" ? undefined : String(v) })}
          w={130}
        />
      )}
      <Menu closeOnItemClick={false} position="bottom-end">
        <Menu.Target>
          <Button variant="default">Columns</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {columns.map((c) => (
            <Menu.Item key={c.id} onClick={c.toggle}>
              <Checkbox label={c.label} checked={c.visible} readOnly tabIndex={-1} />
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
