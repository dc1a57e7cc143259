import { Anchor, Table, Text } from "@mantine/core";
import type { Job } from "../../../lib/api/jobs";

const SHOWN = 500;

interface Row {
  adamId: string | null;
  target: string;
  apple: string;
  meaning: string;
}

/** What did not happen, or is not known to have: Apple's failures, then what its assignments lack. */
export function problemsOf(job: Job): Row[] {
  return [
    ...job.failures.map((f) => ({
      adamId: f.adamId,
      target: f.serialNumber ?? f.clientUserId ?? "—",
      apple: String(f.errorNumber),
      meaning: f.explanation,
    })),
    ...job.outcomes
      .filter((o) => o.outcome !== "verified")
      .map((o) => ({
        adamId: o.adamId,
        target: o.serialNumber ?? o.clientUserId ?? "—",
        apple: "—",
        meaning:
          o.outcome === "not-done"
            ? "Apple did not confirm it, and its assignments show it was not done."
            : "Apple did not confirm it; unknown.",
      })),
  ];
}

/** Failures and unconfirmed targets with their meaning; the first 500, the CSV has all. */
export function JobProblemsTable({ job, names }: { job: Job; names: Map<string, string> }) {
  const rows = problemsOf(job);
  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label="Failures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>App or book</Table.Th>
              <Table.Th>Device or user</Table.Th>
              <Table.Th>Apple error</Table.Th>
              <Table.Th>What it means</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, SHOWN).map((f, i) => (
              <Table.Tr key={i}>
                <Table.Td>{f.adamId ? (names.get(f.adamId) ?? f.adamId) : "—"}</Table.Td>
                <Table.Td ff="monospace" fz="sm">
                  {f.target}
                </Table.Td>
                <Table.Td>{f.apple}</Table.Td>
                <Table.Td>{f.meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > SHOWN && (
        <Text size="sm" c="dimmed">
          The first {SHOWN} are shown; <Anchor href={`/api/jobs/${job.id}/results.csv`}>the CSV</Anchor> has
          them all.
        </Text>
      )}
    </>
  );
}
