import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatRelative } from "../../../lib/format";
import {
  formatMoney,
  formatMoneys,
  listsQueryOptions,
  reclaimsQueryOptions,
  rulesQueryOptions,
  valueQueryOptions,
} from "../api/reclaim";
import { reclaimLook, ruleWords, scheduleWords } from "./reclaim-look";

/**
 * The reclaim centre of a location: what its licences are worth, the saved rules that find wasted
 * ones (with their last run), and every take-back with its state.
 */
export function ReclaimCentre({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const base = `/l/${locationId}/reclaim`;
  const value = useQuery(valueQueryOptions(locationId));
  const rules = useQuery(rulesQueryOptions(locationId));
  const reclaims = useQuery(reclaimsQueryOptions(locationId));
  const lists = useQuery(listsQueryOptions());
  const listName = (id: string) => lists.data?.items.find((l) => l.id === id)?.name ?? "deleted list";
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Reclaim</Title>
        <Group gap="xs">
          <Button component={Link} to={`${base}/lists`} variant="default">
            Inventories and rosters
          </Button>
          <Button component={Link} to={`${base}/prices`} variant="default">
            Prices
          </Button>
          {canWrite && (
            <Button component={Link} to={`${base}/new`}>
              New rule
            </Button>
          )}
        </Group>
      </Group>

      <section aria-labelledby="value-title">
        <Title order={2} size="h3" id="value-title" mb="xs">
          What the licences are worth
        </Title>
        {value.isPending && <Loader size="sm" aria-label="Loading value" />}
        {value.isError && <QueryError error={value.error} onRetry={() => void value.refetch()} />}
        {value.data && value.data.perCurrency.length === 0 && (
          <Text size="sm">
            No title of this location has a price yet.{" "}
            <Anchor component={Link} to={`${base}/prices`}>
              Enter or import prices
            </Anchor>{" "}
            to see owned, assigned and unassigned value.
          </Text>
        )}
        {value.data && value.data.perCurrency.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(["owned", "assigned", "unassigned"] as const).map((k) => (
              <Card withBorder padding="sm" key={k}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {k === "unassigned" ? "Unassigned (idle)" : k}
                </Text>
                {value.data.perCurrency.map((c) => (
                  <Text fw={700} size="lg" key={c.currency}>
                    {formatMoney({ currency: c.currency, amount: c[k] })}
                  </Text>
                ))}
              </Card>
            ))}
          </SimpleGrid>
        )}
        {value.data && value.data.unpricedTitles > 0 && value.data.perCurrency.length > 0 && (
          <Text size="sm" mt="xs">
            {formatCount(value.data.unpricedTitles)} of {formatCount(value.data.titles)} paid titles have no
            price and are not counted.
          </Text>
        )}
      </section>

      <section aria-labelledby="rules-title">
        <Title order={2} size="h3" id="rules-title" mb="xs">
          Rules
        </Title>
        {rules.isError && <QueryError error={rules.error} onRetry={() => void rules.refetch()} />}
        {rules.data && rules.data.items.length === 0 && (
          <Text size="sm">
            No rules yet. A rule finds wasted licences: devices gone from your MDM&apos;s inventory, users who
            left, titles nobody uses.
          </Text>
        )}
        {rules.data && rules.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Looks for</Table.Th>
                  <Table.Th>Runs</Table.Th>
                  <Table.Th>Last scheduled run</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`${base}/rules/${r.id}`}>
                        {r.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{ruleWords(r, listName)}</Table.Td>
                    <Table.Td>{scheduleWords(r)}</Table.Td>
                    <Table.Td>
                      {r.lastRun
                        ? `${formatRelative(Date.parse(r.lastRun.at))}: ${formatCount(r.lastRun.count)} licences, ${formatMoneys(r.lastRun.value)}`
                        : "—"}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="reclaims-title">
        <Title order={2} size="h3" id="reclaims-title" mb="xs">
          Take-backs
        </Title>
        {reclaims.isError && <QueryError error={reclaims.error} onRetry={() => void reclaims.refetch()} />}
        {reclaims.data && reclaims.data.items.length === 0 && <Text size="sm">Nothing taken back yet.</Text>}
        {reclaims.data && reclaims.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th ta="right">Licences</Table.Th>
                  <Table.Th>Value</Table.Th>
                  <Table.Th>Asked by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reclaims.data.items.map((r) => {
                  const look = reclaimLook(r);
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`${base}/r/${r.id}`}>
                          {r.ruleName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={look.color} variant="light">
                          {look.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{formatCount(r.count)}</Table.Td>
                      <Table.Td>{formatMoneys(r.value)}</Table.Td>
                      <Table.Td>
                        {r.requestedBy}, {formatRelative(Date.parse(r.createdAt))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
