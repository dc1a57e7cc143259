import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ForecastView } from "@vpp/proxy/contract";
import { useMemo } from "react";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatDate, formatPercent } from "../../../lib/format";
import { AssetIcon } from "../../../components/assets/asset-icon";
import { LoadProgress } from "../../../components/assets/load-progress";
import { forecastsQueryOptions, forecastWords } from "../../../lib/api/forecasts";
import { isComplete } from "../../../lib/paged";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import type { Location } from "../../../lib/api/locations";
import { ExpiryBadge } from "../../../components/expiry-badge/expiry-badge";
import { summarise } from "../utils/summary";
import { UtilisationChart } from "./utilisation-chart";

/** "0 left in ~8 days", with how it was worked out for those who hover or read it out. */
function ForecastCell({ forecast }: { forecast: ForecastView | undefined }) {
  if (!forecast) return null;
  return (
    <Text size="xs" title={forecast.method}>
      {forecastWords(forecast)}
      <VisuallyHidden>: {forecast.method}</VisuallyHidden>
    </Text>
  );
}

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
  const forecasts = useQuery(forecastsQueryOptions(location.id)).data ?? [];
  // Titles that are not low yet but will be within a month at this pace.
  const soon = forecasts
    .filter((f) => f.daysLeft <= 30 && !s.runningOut.some((a) => a.key === `${f.adamId}:${f.pricingParam}`))
    .slice(0, 5);
  const forecastOf = (key: string) => forecasts.find((f) => `${f.adamId}:${f.pricingParam}` === key);
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
                      <Table.Td>
                        <ForecastCell forecast={forecastOf(a.key)} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {soon.length > 0 && (
            <Stack gap={4} mt="sm">
              <Text size="sm" fw={600}>
                At the last 30 days’ pace
              </Text>
              {soon.map((f) => (
                <Text size="sm" key={`${f.adamId}:${f.pricingParam}`}>
                  <Anchor component={Link} to={`/l/${location.id}/assets/${f.adamId}/${f.pricingParam}`}>
                    {rows.find((r) => r.key === `${f.adamId}:${f.pricingParam}`)?.name ?? f.adamId}
                  </Anchor>
                  : {forecastWords(f)} ({f.method})
                </Text>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
