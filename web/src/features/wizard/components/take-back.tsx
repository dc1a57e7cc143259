import { Alert, Table, Text } from "@mantine/core";
import type { JobPlan } from "../../../lib/api/jobs";
import { formatCount, formatRelative } from "../../../lib/format";

/** An unassign's or revoke's review: how many licences of which apps it takes back, as the copy knows. */
export function TakeBack({ takeBack, names }: { takeBack: JobPlan["takeBack"]; names: Map<string, string> }) {
  if (!takeBack)
    return (
      <Alert color="yellow" title="How many licences this takes back is not known yet">
        The console is still reading this location from Apple for the first time. The job will report what
        Apple took back.
      </Alert>
    );
  const total = takeBack.perAsset.reduce((s, a) => s + a.held, 0);
  const asOf = takeBack.syncedAt ? ` (as of ${formatRelative(Date.parse(takeBack.syncedAt))})` : "";
  if (total === 0)
    return (
      <Alert color="yellow" title="Nothing to take back">
        These targets hold none of these licences now{asOf}: the job would change nothing.
      </Alert>
    );
  return (
    <>
      <Text>
        Takes back <b>{formatCount(total)}</b> licence{total === 1 ? "" : "s"} of {takeBack.perAsset.length}{" "}
        app{takeBack.perAsset.length === 1 ? "" : "s"}, as held now{asOf}:
      </Text>
      <Table aria-label="Licences taken back">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>App</Table.Th>
            <Table.Th>Licences taken back</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {takeBack.perAsset.map((a) => (
            <Table.Tr key={`${a.adamId}:${a.pricingParam}`}>
              <Table.Td>
                {names.get(a.adamId) ?? a.adamId} ({a.pricingParam})
              </Table.Td>
              <Table.Td>{formatCount(a.held)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
