import { Button, Group, Select, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { groupMembers, groupsQueryOptions } from "../../../lib/api/people";
import { formatCount } from "../../../lib/format";

/** "Everyone in group X": adds the group's clientUserIds (from the console's directory) to the list. */
export function GroupPicker({ locationId, onAdd }: { locationId: string; onAdd: (ids: string[]) => void }) {
  const groups = useQuery(groupsQueryOptions(locationId));
  const [group, setGroup] = useState<string | null>(null);
  const [added, setAdded] = useState<string>();
  const members = useMutation({
    mutationFn: (g: string) => groupMembers(locationId, g),
    onSuccess: (r, g) => {
      onAdd(r.clientUserIds);
      setAdded(`${formatCount(r.clientUserIds.length)} people of ${g} added.`);
    },
  });
  const items = groups.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Group align="flex-end" gap="xs">
      <Select
        label="Everyone in a group"
        placeholder="Choose a group"
        searchable
        value={group}
        onChange={setGroup}
        data={items.map((g) => ({ value: g.group, label: `${g.group} (${formatCount(g.people)})` }))}
        w={260}
      />
      <Button
        variant="light"
        disabled={!group}
        loading={members.isPending}
        onClick={() => group && members.mutate(group)}
      >
        Add the group
      </Button>
      {added && (
        <Text size="sm" role="status">
          {added}
        </Text>
      )}
      {members.isError && (
        <Text size="sm" c="red" role="alert">
          {members.error.message}
        </Text>
      )}
    </Group>
  );
}
