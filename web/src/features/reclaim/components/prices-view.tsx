import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  FileButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { AssetIcon } from "../../../components/assets/asset-icon";
import { QueryError } from "../../../components/errors/query-error";
import { useAssetRows } from "../../../hooks/use-asset-rows";
import { formatCount } from "../../../lib/format";
import { importPrices, pricesQueryOptions, reclaimKeys, setPrice } from "../api/reclaim";

/** One title's price: an amount and a currency, saved on Enter or with its button. */
function PriceEditor({
  adamId,
  name,
  amount,
  currency,
}: {
  adamId: string;
  name: string;
  amount: string;
  currency: string;
}) {
  const qc = useQueryClient();
  const [a, setA] = useState(amount);
  const [c, setC] = useState(currency || "USD");
  const save = useMutation({
    mutationFn: () => setPrice(adamId, { amount: a.trim(), currency: c.trim().toUpperCase() }),
    onSuccess: (out) => {
      qc.setQueryData(reclaimKeys.prices, out);
      void qc.invalidateQueries({ queryKey: ["reclaim"] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group gap="xs" wrap="nowrap" align="start">
        <TextInput
          aria-label={`Price of ${name}`}
          placeholder="0.00"
          value={a}
          onChange={(e) => {
            setA(e.currentTarget.value);
            save.reset();
          }}
          w={110}
          inputMode="decimal"
          error={save.isError ? save.error.message : undefined}
        />
        <TextInput
          aria-label={`Currency of ${name}`}
          value={c}
          onChange={(e) => setC(e.currentTarget.value)}
          w={70}
          maxLength={3}
        />
        <Button
          type="submit"
          variant="default"
          loading={save.isPending}
          disabled={!a.trim()}
          aria-label={`Save the price of ${name}`}
        >
          Save
        </Button>
        {save.isSuccess && (
          <Text size="sm" role="status" mt={6}>
            Saved
          </Text>
        )}
      </Group>
    </form>
  );
}

/** Prices per title (shared by every location): typed in, or imported from a CSV (adamId, price, currency). */
export function PricesView({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const { rows, assets } = useAssetRows(locationId);
  const prices = useQuery(pricesQueryOptions());
  const byId = new Map((prices.data?.items ?? []).map((p) => [p.adamId, p]));
  const titles = [...new Map(rows.filter((r) => !r.unlimited).map((r) => [r.adamId, r])).values()].sort(
    (x, y) => x.name.localeCompare(y.name),
  );
  const imported = useMutation({
    mutationFn: importPrices,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["reclaim"] }),
  });
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/l/${locationId}/reclaim`}>
          Reclaim
        </Anchor>
        <Text size="sm">Prices</Text>
      </Breadcrumbs>
      <Title order={1}>Prices</Title>
      <Text size="sm">
        What one licence of each paid title cost, in its currency. Values in different currencies are shown
        side by side, never added. Prices are shared by every location.
      </Text>
      {canWrite && (
        <Group>
          <FileButton
            onChange={(f) => f && void f.text().then((t) => imported.mutate(t))}
            accept=".csv,text/csv,text/plain"
          >
            {(props) => (
              <Button {...props} variant="default" loading={imported.isPending}>
                Import a price list (CSV: adamId, price, currency)
              </Button>
            )}
          </FileButton>
        </Group>
      )}
      {imported.isError && (
        <Alert color="red" role="alert" title="Nothing was imported">
          {imported.error.message}
        </Alert>
      )}
      {imported.data && (
        <Alert
          color={imported.data.problems.length ? "yellow" : "green"}
          title={`${formatCount(imported.data.saved)} prices saved`}
        >
          {imported.data.problems.length > 0 && (
            <List size="sm">
              {imported.data.problems.map((p) => (
                <List.Item key={p.line}>
                  Line {p.line}: {p.message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {assets.isError && <QueryError error={assets.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th ta="right">Owned</Table.Th>
              <Table.Th>Price per licence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {titles.map((t) => {
              const p = byId.get(t.adamId);
              return (
                <Table.Tr key={t.adamId}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <AssetIcon name={t.name} iconUrl={t.iconUrl} size={28} />
                      <Text size="sm">{t.name}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(t.totalCount)}</Table.Td>
                  <Table.Td>
                    {canWrite && prices.data ? (
                      <PriceEditor
                        key={t.adamId}
                        adamId={t.adamId}
                        name={t.name}
                        amount={p?.amount ?? ""}
                        currency={p?.currency ?? ""}
                      />
                    ) : p ? (
                      `${p.amount} ${p.currency}`
                    ) : (
                      "—"
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
