import { Group, Progress, Text } from "@mantine/core";
import type { PagedData } from "../../lib/paged";

/** "Loading page 12 of 200" while Apple's pages arrive; a note if the data changed meanwhile. */
export function LoadProgress({
  data,
  fetching,
  noun,
}: {
  data: PagedData<unknown> | undefined;
  fetching: boolean;
  noun: string;
}) {
  const total = Math.max(data?.totalPages ?? 0, 1);
  const loaded = data?.loadedPages ?? 0;
  if (!fetching && (data?.versionIds.length ?? 0) <= 1) return null;
  return (
    <div>
      {fetching && (
        <Group gap="sm" wrap="nowrap">
          <Progress value={(loaded / total) * 100} w={220} animated aria-label={`Loading ${noun}`} />
          <Text size="xs" c="dimmed" role="status">
            Loading {noun}: page {loaded} of {total}
          </Text>
        </Group>
      )}
      {!fetching && (data?.versionIds.length ?? 0) > 1 && (
        <Text size="xs" c="orange" role="status">
          Apple&apos;s data changed while it was being read. Refresh for a consistent view.
        </Text>
      )}
    </div>
  );
}
