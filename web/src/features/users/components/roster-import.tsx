import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { previewRoster, registerPeople, type RosterPreview } from "../../../lib/api/people";
import { formatCount } from "../../../lib/format";

const MAX_BYTES = 20 * 1024 * 1024;
const SHOWN = 200;

const ID_FROM = { file: "from the file", apple: "matched by e-mail", generated: "new, made from the e-mail" };

/**
 * A roster CSV (e-mail, name, class …) read and reviewed before anything is sent: problems by line,
 * who is new at Apple. Then: register the new people (a job), or only save names to the directory.
 */
export function RosterImport({ locationId }: { locationId: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [text, setText] = useState("");
  const [file, setFile] = useState("");
  const [localError, setLocalError] = useState<string>();
  const preview = useMutation({ mutationFn: (csv: string) => previewRoster(locationId, csv) });
  const register = useMutation({
    mutationFn: (directoryOnly: boolean) =>
      registerPeople(locationId, {
        people: (preview.data?.people ?? []).map(({ line: _l, idFrom: _i, apple: _a, ...p }) => p),
        directoryOnly,
      }),
    onSuccess: (out) => {
      void qc.invalidateQueries({ queryKey: ["people", locationId] });
      if (out.job) navigate(`/l/${locationId}/jobs/${out.job.id}`);
      else navigate(`/l/${locationId}/users`);
    },
  });
  const read = (csv: string, from: string) => {
    setLocalError(undefined);
    setFile(from);
    register.reset();
    preview.mutate(csv);
  };
  const loadFile = async (f: File) => {
    if (f.size > MAX_BYTES)
      return setLocalError(`"${f.name}" is ${Math.ceil(f.size / 1048576)} MB; a roster is at most 20 MB.`);
    const csv = await f.text();
    setText(csv);
    read(csv, f.name);
  };
  const error = localError ?? (preview.isError ? preview.error.message : undefined);
  return (
    <Stack gap="md">
      <Title order={1}>Import a roster</Title>
      <Text size="sm">
        A CSV with a header row: <b>email</b>, a <b>name</b> (or first and last name), optional <b>class</b>{" "}
        or group (several separated by “;”), optional <b>clientUserId</b> and <b>managed Apple ID</b>. Without
        a header: e-mail, name, group. Nothing is sent to Apple until you confirm below.
      </Text>
      <Group>
        <FileButton onChange={(f) => f && void loadFile(f)} accept=".csv,.txt,text/csv,text/plain">
          {(props) => <Button {...props}>Choose a CSV file</Button>}
        </FileButton>
        <Text size="sm" c="dimmed">
          or paste it below
        </Text>
      </Group>
      <Textarea
        label="Roster (CSV)"
        autosize
        minRows={4}
        maxRows={10}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        styles={{ input: { fontFamily: "monospace" } }}
      />
      <Group>
        <Button
          variant="default"
          onClick={() => read(text, "")}
          disabled={!text.trim()}
          loading={preview.isPending}
        >
          Review
        </Button>
      </Group>
      {error && (
        <Alert
          color="red"
          title={file ? `“${file}” cannot be used` : "The roster cannot be used"}
          role="alert"
        >
          {error}
        </Alert>
      )}
      {preview.data && <Review data={preview.data} />}
      {preview.data && preview.data.people.length > 0 && (
        <Group>
          <Button
            onClick={() => register.mutate(false)}
            loading={register.isPending && register.variables === false}
            disabled={register.isPending}
          >
            {preview.data.toRegister > 0
              ? `Register ${formatCount(preview.data.toRegister)} with Apple and save ${formatCount(preview.data.people.length)} names`
              : `Save ${formatCount(preview.data.people.length)} names (all are registered already)`}
          </Button>
          <Button
            variant="default"
            onClick={() => register.mutate(true)}
            loading={register.isPending && register.variables === true}
            disabled={register.isPending}
          >
            Save names to the directory only
          </Button>
        </Group>
      )}
      {register.isError && (
        <Alert color="red" title="Nothing was sent" role="alert">
          {register.error.message}
        </Alert>
      )}
    </Stack>
  );
}

function Review({ data }: { data: RosterPreview }) {
  const registered = data.people.length - data.toRegister;
  return (
    <Stack gap="sm">
      <Text role="status" aria-label="Roster summary">
        {formatCount(data.people.length)} people · {formatCount(data.toRegister)} new at Apple ·{" "}
        {formatCount(registered)} registered already · {formatCount(data.problems.length)} lines cannot be
        used
        {data.header ? "" : " · no header row: read as e-mail, name, group"}
      </Text>
      {!data.synced && (
        <Alert color="yellow" title="Apple's users are not read yet">
          This location's first import has not finished, so everyone counts as new; Apple refuses anyone
          already registered (9716) and the job lists them.
        </Alert>
      )}
      {data.problems.length > 0 && (
        <Alert
          color="orange"
          title={`${data.problems.length} line${data.problems.length === 1 ? "" : "s"} left out`}
        >
          <List size="sm">
            {data.problems.slice(0, 20).map((p) => (
              <List.Item key={p.line}>
                Line {p.line}: {p.message}
              </List.Item>
            ))}
          </List>
          {data.problems.length > 20 && <Text size="sm">…and {data.problems.length - 20} more.</Text>}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label="People in the roster">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Groups</Table.Th>
              <Table.Th>clientUserId</Table.Th>
              <Table.Th>At Apple</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.people.slice(0, SHOWN).map((p) => (
              <Table.Tr key={p.clientUserId}>
                <Table.Td>{p.line}</Table.Td>
                <Table.Td>{p.name || "—"}</Table.Td>
                <Table.Td>{p.email ?? "—"}</Table.Td>
                <Table.Td>{p.groups.join(", ") || "—"}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {p.clientUserId}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {ID_FROM[p.idFrom]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={p.apple ? "teal" : "blue"}>
                    {p.apple ?? "new"}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data.people.length > SHOWN && (
        <Text size="sm" c="dimmed">
          The first {SHOWN} of {formatCount(data.people.length)} are shown.
        </Text>
      )}
    </Stack>
  );
}
