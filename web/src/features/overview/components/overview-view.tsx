import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMemo } from "react";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatDate, formatPercent } from "../../../lib/format";
import { AssetIcon } from "../../../components/assets/asset-icon";
import { LoadProgress } from "../../../components/assets/load-progress";
import { isComplete } from "../../../lib/paged";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import type { Location } from "../../../lib/api/locations";
import { ExpiryBadge } from "../../../components/expiry-badge/expiry-badge";
import { summarise } from "../utils/summary";
import { UtilisationChart } from "./utilisation-chart";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} aria-label={label}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** The location at a glance: licences owned / assigned / available, what runs out, the token. */
export function OverviewView({ location }: { location: Location }) {
  const { assets, rows } = useAssetRows(location.id);
  const s = useMemo(() => summarise(rows), [rows]);
  // Until every page is in, a total is unknown: "—", never a zero or a part of the sum.
  const known = isComplete(assets.data);
  const count = (n: number) => (known ? formatCount(n) : "—");
  const unknownHint = assets.isError ? "not known: the assets could not be read" : "counting…";
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text c="dimmed" size="sm">
            {location.orgName}
          </Text>
          <Title order={1}>{location.locationName}</Title>
        </div>
      </Group>
      <LoadProgress data={assets.data} fetching={assets.fetchStatus === "fetching"} noun="assets" />
      {assets.isError && <QueryError error={assets.error} onRetry={() => void assets.refetch()} />}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat
          label="Licences owned"
          value={count(s.limitedOwned)}
          hint={known ? `${s.apps} apps · ${s.books} books` : unknownHint}
        />
        <Stat
          label="Assigned"
          value={count(s.limitedAssigned)}
          hint={known ? `${formatPercent(s.limitedAssigned, s.limitedOwned)} of owned` : unknownHint}
        />
        <Stat label="Available" value={count(s.limitedAvailable)} {...(known ? {} : { hint: unknownHint })} />
        <Stat
          label="Free titles assigned"
          value={count(s.unlimitedAssigned)}
          hint={known ? "unlimited licences" : unknownHint}
        />
        <Card withBorder padding="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Token
          </Text>
          <ExpiryBadge location={location} />
          <Text size="xs" c="dimmed" mt={4}>
            until {formatDate(location.expDate)}
          </Text>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Most-used apps and books
          </Title>
          {s.top.length > 0 ? (
            <UtilisationChart rows={s.top} />
          ) : (
            <Text c="dimmed">{known ? "No limited licences." : "Loading…"}</Text>
          )}
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Running out (under 10 available)
          </Title>
          {s.runningOut.length === 0 ? (
            <Text c="dimmed">{known ? "Nothing is running out." : "Loading…"}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Running out">
                <Table.Tbody>
                  {s.runningOut.map((a) => (
                    <Table.Tr key={a.key}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <AssetIcon name={a.name} iconUrl={a.iconUrl} size={24} />
                          <Anchor
                            component={Link}
                            to={`/l/${location.id}/assets/${a.adamId}/${a.pricingParam}`}
                            size="sm"
                          >
                            {a.name}
                            {a.pricingParam === "PLUS" ? " (PLUS)" : ""}
                          </Anchor>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={a.availableCount === 0 ? "red" : "orange"} fw={600}>
                          {a.availableCount === 0 ? "none left" : `${a.availableCount} left`}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {formatCount(a.assignedCount)} of {formatCount(a.totalCount)} used
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
