import { Box, Group, Stack, Text } from "@mantine/core";
import { formatCount } from "../../../lib/format";
import type { AssetRow } from "../../../lib/asset-row";

const ASSIGNED = "var(--mantine-color-blue-7)";
const AVAILABLE = "var(--mantine-color-gray-4)";

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6}>
      <Box w={12} h={12} style={{ background: color, borderRadius: 2 }} aria-hidden />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

/**
 * Assigned vs available for the most-used limited apps and books: one stacked bar each, scaled to
 * the largest title, with its numbers in words for screen readers. No chart library: a list of bars.
 */
export function UtilisationChart({ rows }: { rows: AssetRow[] }) {
  const max = Math.max(1, ...rows.map((a) => a.assignedCount + a.availableCount));
  return (
    <Stack gap="xs">
      <Stack
        gap={6}
        component="ul"
        aria-label="Licence utilisation"
        style={{ listStyle: "none", padding: 0, margin: 0 }}
      >
        {rows.map((a) => {
          const total = a.assignedCount + a.availableCount;
          return (
            <Group key={a.key} component="li" gap="sm" wrap="nowrap">
              <Text size="sm" w={190} truncate="end" title={a.name}>
                {a.name}
              </Text>
              <Box style={{ flex: 1 }}>
                <Box
                  role="img"
                  aria-label={`${a.name}: ${formatCount(a.assignedCount)} assigned, ${formatCount(a.availableCount)} available`}
                  h={14}
                  style={{
                    width: `${(total / max) * 100}%`,
                    display: "flex",
                    borderRadius: 3,
                    overflow: "hidden",
                  }}
                >
                  <Box
                    style={{
                      width: `${(a.assignedCount / Math.max(total, 1)) * 100}%`,
                      background: ASSIGNED,
                    }}
                  />
                  <Box style={{ flex: 1, background: AVAILABLE }} />
                </Box>
              </Box>
              <Text size="sm" w={96} ta="right" aria-hidden>
                {formatCount(a.assignedCount)} / {formatCount(total)}
              </Text>
            </Group>
          );
        })}
      </Stack>
      <Group gap="md">
        <Swatch color={ASSIGNED} label="Assigned" />
        <Swatch color={AVAILABLE} label="Available" />
      </Group>
    </Stack>
  );
}
