import {
  Alert,
  Anchor,
  Breadcrumbs,
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
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatRelative } from "../../../lib/format";
import {
  deleteRule,
  formatMoney,
  formatMoneys,
  listsQueryOptions,
  previewCsvUrl,
  previewQueryOptions,
  reclaimKeys,
  type ReclaimPreview,
} from "../api/reclaim";
import { ruleWords, scheduleWords } from "./reclaim-look";
import { TakeBackForm } from "./take-back-form";

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg">
        {children}
      </Text>
    </Card>
  );
}

/** A rule's preview: how many licences per title and why, their value, the list, and the take-back. */
export function RulePreview({
  locationId,
  ruleId,
  canWrite,
}: {
  locationId: string;
  ruleId: string;
  canWrite: boolean;
}) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const preview = useQuery(previewQueryOptions(locationId, ruleId));
  const lists = useQuery(listsQueryOptions());
  const remove = useMutation({
    mutationFn: () => deleteRule(locationId, ruleId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reclaimKeys.rules(locationId) });
      navigate(`/l/${locationId}/reclaim`);
    },
  });
  const base = `/l/${locationId}/reclaim`;
  const listName = (id: string) => lists.data?.items.find((l) => l.id === id)?.name ?? "deleted list";
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={base}>
          Reclaim
        </Anchor>
        <Text size="sm">{preview.data?.rule.name ?? "Rule"}</Text>
      </Breadcrumbs>
      {preview.isPending && <Loader aria-label="Reading the copy for this rule" />}
      {preview.isError && <QueryError error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <>
          <Group justify="space-between" wrap="wrap">
            <Title order={1}>{preview.data.rule.name}</Title>
            <Group gap="xs">
              <Button variant="default" onClick={() => void preview.refetch()} loading={preview.isFetching}>
                Preview again
              </Button>
              {canWrite && (
                <Button
                  variant="default"
                  color="red"
                  onClick={() => remove.mutate()}
                  loading={remove.isPending}
                >
                  Delete rule
                </Button>
              )}
            </Group>
          </Group>
          <Text size="sm">
            {ruleWords(preview.data.rule, listName)} · {scheduleWords(preview.data.rule)} · copy from{" "}
            {preview.data.syncedAt ? formatRelative(Date.parse(preview.data.syncedAt)) : "—"}
          </Text>
          <Alert color={preview.data.count > 0 ? "blue" : "gray"} title="What Apple will do">
            {preview.data.summary}
          </Alert>
          <Body locationId={locationId} data={preview.data} />
          {canWrite && preview.data.action !== "none" && preview.data.count > 0 && (
            <TakeBackForm locationId={locationId} preview={preview.data} />
          )}
          {remove.isError && (
            <Alert color="red" role="alert" title="The rule was not deleted">
              {remove.error.message}
            </Alert>
          )}
        </>
      )}
    </Stack>
  );
}

function Body({ locationId, data }: { locationId: string; data: ReclaimPreview }) {
  if (data.action === "none") return <IdleTitles data={data} />;
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label="Licences to take back">{formatCount(data.count)}</Figure>
        <Figure label="Reclaimable value">{formatMoneys(data.value)}</Figure>
        <Figure label="Stay (books)">{formatCount(data.leftOut)}</Figure>
      </SimpleGrid>
      {data.unpriced > 0 && (
        <Text size="sm">
          {formatCount(data.unpriced)} of these licences are of titles without a price and are not in the
          value.{" "}
          <Anchor component={Link} to={`/l/${locationId}/reclaim/prices`}>
            Set prices
          </Anchor>
        </Text>
      )}
      <section aria-labelledby="per-title">
        <Title order={2} size="h3" id="per-title" mb="xs">
          Per title
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th ta="right">Taken back</Table.Th>
                <Table.Th ta="right">Stay</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.perAsset.map((a) => (
                <Table.Tr key={`${a.adamId}:${a.pricingParam}`}>
                  <Table.Td>
                    {a.name ?? a.adamId}
                    {a.pricingParam !== "STDQ" && ` (${a.pricingParam})`}
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(a.count)}</Table.Td>
                  <Table.Td ta="right">
                    {a.leftOut ? `${formatCount(a.leftOut)} (cannot be taken back)` : "—"}
                  </Table.Td>
                  <Table.Td ta="right">{a.value ? formatMoney(a.value) : "no price"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <section aria-labelledby="the-list">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3" id="the-list">
            The licences
          </Title>
          <Button component="a" href={previewCsvUrl(locationId, data.rule.id)} variant="default" download>
            Download the whole list (CSV)
          </Button>
        </Group>
        <Text size="sm" mb="xs">
          The first {formatCount(data.sample.length)} of {formatCount(data.count + data.leftOut)}.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{data.targets.users ? "User" : "Device"}</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.sample.map((l) => (
                <Table.Tr key={`${l.kind}:${l.target}:${l.adamId}:${l.pricingParam}`}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/l/${locationId}/${l.kind === "device" ? "devices" : "users"}/${encodeURIComponent(l.target)}`}
                    >
                      {l.target}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {data.perAsset.find((a) => a.adamId === l.adamId)?.name ?? l.adamId}
                    {l.leftOut && " (stays)"}
                  </Table.Td>
                  <Table.Td>{l.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
    </>
  );
}

function IdleTitles({ data }: { data: ReclaimPreview }) {
  const titles = data.idleTitles ?? [];
  return (
    <section aria-labelledby="idle">
      <Title order={2} size="h3" id="idle" mb="xs">
        Idle titles
      </Title>
      {(data.notJudged ?? 0) > 0 && (
        <Text size="sm" mb="xs">
          {formatCount(data.notJudged ?? 0)} titles are not judged: the console has watched them for less than
          the rule&apos;s days.
        </Text>
      )}
      {titles.length === 0 ? (
        <Text size="sm">No idle title.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th ta="right">Available</Table.Th>
                <Table.Th>Last taken</Table.Th>
                <Table.Th ta="right">Idle value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {titles.map((t) => (
                <Table.Tr key={`${t.adamId}:${t.pricingParam}`}>
                  <Table.Td>{t.name ?? t.adamId}</Table.Td>
                  <Table.Td ta="right">{formatCount(t.available)}</Table.Td>
                  <Table.Td>
                    {t.lastTakenAt ? formatRelative(Date.parse(t.lastTakenAt)) : "not since the copy began"}
                  </Table.Td>
                  <Table.Td ta="right">{t.value ? formatMoney(t.value) : "no price"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
