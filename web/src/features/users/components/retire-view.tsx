import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { retirePeople } from "../../../lib/api/people";
import { formatCount } from "../../../lib/format";
import { rowsOf } from "../../../lib/paged";
import { usersQueryOptions } from "../api/get-users";

/** clientUserIds or e-mails, one per line (or a CSV's first column), resolved against Apple's active users. */
function resolve(text: string, byKey: Map<string, string>) {
  const ids: string[] = [];
  const unknown: { line: number; value: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const value = (raw.split(/[,;\t]/)[0] ?? "").trim().replace(/^"|"$/g, "");
    if (!value || (i === 0 && /^(client\s*user\s*id|e-?mail|user)/i.test(value))) return;
    const id = byKey.get(value.toLowerCase());
    if (id) ids.push(id);
    else unknown.push({ line: i + 1, value });
  });
  return { ids: [...new Set(ids)], unknown };
}

/** Retire leavers (one, a list or a CSV), taking their licences back first unless told not to. */
export function RetireView({ locationId, initial }: { locationId: string; initial: string[] }) {
  const navigate = useNavigate();
  const [text, setText] = useState(initial.join("\n"));
  const [revoke, setRevoke] = useState(true);
  const users = useQuery(usersQueryOptions(locationId, "active"));
  const byKey = useMemo(() => {
    const m = new Map<string, string>();
    for (const u of rowsOf(users.data)) {
      m.set(u.clientUserId.toLowerCase(), u.clientUserId);
      if (u.email) m.set(u.email.toLowerCase(), u.clientUserId);
    }
    return m;
  }, [users.data]);
  const { ids, unknown } = useMemo(() => resolve(text, byKey), [text, byKey]);
  const retire = useMutation({
    mutationFn: () => retirePeople(locationId, { clientUserIds: ids, revokeLicences: revoke }),
    onSuccess: (job) => navigate(`/l/${locationId}/jobs/${job.id}`),
  });
  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>Retire people</Title>
      <Text size="sm">
        Leavers by clientUserId or e-mail, one per line, or a CSV whose first column holds them. Retired
        people stay listed as Retired; the same clientUserId can be registered again later.
      </Text>
      <Group>
        <FileButton onChange={(f) => f && void f.text().then(setText)} accept=".csv,.txt,text/csv,text/plain">
          {(props) => (
            <Button variant="light" {...props}>
              Load a CSV of leavers
            </Button>
          )}
        </FileButton>
      </Group>
      <Textarea
        label="clientUserIds or e-mails"
        autosize
        minRows={4}
        maxRows={12}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        styles={{ input: { fontFamily: "monospace" } }}
      />
      <Text size="sm" role="status" aria-label="People to retire">
        {users.isPending
          ? "Reading Apple's users…"
          : `${formatCount(ids.length)} active ${ids.length === 1 ? "person" : "people"} found`}
      </Text>
      {unknown.length > 0 && !users.isPending && (
        <Alert
          color="orange"
          title={`${unknown.length} line${unknown.length === 1 ? "" : "s"} match no active user`}
        >
          <List size="sm">
            {unknown.slice(0, 20).map((u) => (
              <List.Item key={u.line}>
                Line {u.line}: “{u.value}”
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Checkbox
        checked={revoke}
        onChange={(e) => setRevoke(e.currentTarget.checked)}
        label="Take back their licences first (recommended)"
        description="A revoke job runs first and returns every app licence they hold to the pool, counted per app; then they are retired. Book licences cannot be taken back: Apple leaves books with the person's Apple Account."
      />
      <Group>
        <Button
          color="red"
          onClick={() => retire.mutate()}
          disabled={ids.length === 0}
          loading={retire.isPending}
        >
          Retire {formatCount(ids.length)} {ids.length === 1 ? "person" : "people"}
        </Button>
      </Group>
      {retire.isError && (
        <Alert color="red" title="Nothing was sent" role="alert">
          {retire.error.message}
        </Alert>
      )}
    </Stack>
  );
}
