import { Badge, Table } from "@mantine/core";
import { formatCount } from "../../../lib/format";
import type { JobChunk } from "../../../lib/api/jobs";
import { chunkLabel } from "../utils/job-look";

/** One row per request to Apple: its event, state and Apple's counts. */
export function JobChunksTable({ chunks }: { chunks: JobChunk[] }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Requests to Apple" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Targets</Table.Th>
            <Table.Th>Apple event</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Done</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {chunks.map((c) => (
            <Table.Tr key={c.seq}>
              <Table.Td>{c.seq + 1}</Table.Td>
              <Table.Td>
                {c.assets.length > 0 && `${c.assets.length} asset${c.assets.length === 1 ? "" : "s"} × `}
                {c.serialNumbers.length + c.clientUserIds.length} targets
              </Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {c.eventId ?? (c.eventStatus === "UNKNOWN" ? "none (Apple gave no event)" : "—")}
                {c.possiblyRepeated && (
                  <Badge
                    ml={6}
                    size="xs"
                    color="yellow"
                    title="Its first answer was lost; Apple's assignments were checked and only what was missing was sent again."
                  >
                    possibly repeated
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{c.error ?? chunkLabel(c)}</Table.Td>
              <Table.Td>
                {c.numRequested !== null
                  ? `${formatCount(c.numCompleted ?? 0)} / ${formatCount(c.numRequested)}`
                  : "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
