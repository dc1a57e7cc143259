import { Checkbox, Group, ScrollArea, Table, Text, TextInput } from "@mantine/core";
import { useMemo, useState } from "react";
import { formatCount } from "../../../lib/format";
import { AssetIcon } from "../../../components/assets/asset-icon";
import type { AssetRow } from "../../../lib/asset-row";
import { fold } from "../../../lib/text";
import { ACTIONS, type WizardAction } from "../get-steps";

/** Why Apple would refuse this asset for the action, or undefined when it may be chosen. */
export function refusal(a: AssetRow, action: WizardAction): string | undefined {
  const { type, kind } = ACTIONS[action];
  if (kind === "serialNumbers" && !a.deviceAssignable) return "cannot go to devices (books never can)";
  if (type === "disassociate" && !a.revocable) return "cannot be taken back";
  return undefined;
}

export function StepAssets({
  rows,
  action,
  value,
  onChange,
}: {
  rows: AssetRow[];
  action: WizardAction;
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const [q, setQ] = useState("");
  const shown = useMemo(
    () => rows.filter((a) => fold(`${a.name} ${a.adamId}`).includes(fold(q.trim()))),
    [rows, q],
  );
  const chosen = new Set(value);
  const toggle = (key: string) =>
    onChange(chosen.has(key) ? value.filter((k) => k !== key) : [...value, key]);
  return (
    <div>
      <Group justify="space-between" mb="sm">
        <TextInput
          placeholder="Search apps and books"
          aria-label="Search apps and books"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={320}
        />
        <Text size="sm" c="dimmed">
          {value.length} chosen
        </Text>
      </Group>
      <ScrollArea h={420}>
        <Table aria-label="Choose apps and books" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>App or book</Table.Th>
              <Table.Th>Pricing</Table.Th>
              <Table.Th>Available</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((a) => {
              const why = refusal(a, action);
              return (
                <Table.Tr key={a.key} style={{ opacity: why ? 0.55 : 1 }}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Choose ${a.name} (${a.pricingParam})`}
                      checked={chosen.has(a.key)}
                      disabled={!!why}
                      onChange={() => toggle(a.key)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <AssetIcon name={a.name} iconUrl={a.iconUrl} size={24} />
                      <Text size="sm">{a.name}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{a.pricingParam}</Table.Td>
                  <Table.Td>{formatCount(a.availableCount)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {why}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </div>
  );
}
