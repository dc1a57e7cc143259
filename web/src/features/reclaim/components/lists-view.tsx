import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  FileButton,
  Group,
  List,
  Select,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount, formatRelative } from "../../../lib/format";
import {
  deleteList,
  listsQueryOptions,
  previewList,
  reclaimKeys,
  saveList,
  type ListKind,
} from "../api/reclaim";

const MAX_BYTES = 50 * 1024 * 1024;

/**
 * Inventories (serial numbers from Jamf Pro, Intune, Kandji, Mosyle, Apple School / Business
 * Manager) and rosters, shared by every location's rules: read and previewed before they are saved.
 */
export function ListsView({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const lists = useQuery(listsQueryOptions());
  const [kind, setKind] = useState<ListKind>("inventory");
  const [csv, setCsv] = useState("");
  const [file, setFile] = useState("");
  const [name, setName] = useState("");
  const [keyColumn, setKeyColumn] = useState<string>();
  const [seenColumn, setSeenColumn] = useState<string>();
  const [localError, setLocalError] = useState<string>();
  const columns = {
    ...(keyColumn ? { keyColumn } : {}),
    ...(seenColumn !== undefined ? { seenColumn } : {}),
  };
  const preview = useMutation({
    mutationFn: (args: { text: string; kind: ListKind; columns: typeof columns }) =>
      previewList(args.text, args.kind, args.columns),
  });
  const save = useMutation({
    mutationFn: () =>
      saveList(csv, kind, columns, name.trim() || file || `${kind} ${new Date().toLocaleDateString()}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reclaimKeys.lists });
      setCsv("");
      setFile("");
      setName("");
      preview.reset();
    },
  });
  const remove = useMutation({
    mutationFn: deleteList,
    onSuccess: () => void qc.invalidateQueries({ queryKey: reclaimKeys.lists }),
  });
  const load = async (f: File) => {
    setLocalError(undefined);
    if (f.size > MAX_BYTES)
      return setLocalError(`“${f.name}” is ${Math.ceil(f.size / 1048576)} MB; a file is at most 50 MB.`);
    const text = await f.text();
    setCsv(text);
    setFile(f.name);
    setKeyColumn(undefined);
    setSeenColumn(undefined);
    save.reset();
    preview.mutate({ text, kind, columns: {} });
  };
  const reread = (next: typeof columns) => preview.mutate({ text: csv, kind, columns: next });
  const p = preview.data;
  const error = localError ?? (preview.isError ? preview.error.message : undefined);
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/l/${locationId}/reclaim`}>
          Reclaim
        </Anchor>
        <Text size="sm">Inventories and rosters</Text>
      </Breadcrumbs>
      <Title order={1}>Inventories and rosters</Title>
      <Text size="sm">
        Shared by every location&apos;s rules. An <b>inventory</b> is your MDM&apos;s device export (Jamf Pro,
        Intune, Kandji, Mosyle, Apple School or Business Manager): the serial number column is found by its
        header, a last check-in column too. A <b>roster</b> lists the people who should hold licences, by
        clientUserId or e-mail.
      </Text>
      {canWrite && (
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Kind of list"
            value={kind}
            onChange={(v) => {
              setKind(v as ListKind);
              preview.reset();
            }}
            data={[
              { value: "inventory", label: "Inventory" },
              { value: "roster", label: "Roster" },
            ]}
          />
          <Group>
            <FileButton onChange={(f) => f && void load(f)} accept=".csv,.txt,text/csv,text/plain">
              {(props) => <Button {...props}>Choose a CSV file</Button>}
            </FileButton>
            {file && <Text size="sm">{file}</Text>}
          </Group>
          {error && (
            <Alert
              color="red"
              role="alert"
              title={file ? `“${file}” cannot be used` : "The file cannot be used"}
            >
              {error}
            </Alert>
          )}
          {p && (
            <Stack gap="xs">
              <Group grow align="end">
                <Select
                  label={kind === "inventory" ? "Serial number column" : "clientUserId or e-mail column"}
                  data={p.columns}
                  value={keyColumn ?? p.keyColumn.split(" + ")[0] ?? null}
                  onChange={(v) => {
                    setKeyColumn(v ?? undefined);
                    reread({ ...columns, ...(v ? { keyColumn: v } : {}) });
                  }}
                  allowDeselect={false}
                />
                {kind === "inventory" && (
                  <Select
                    label="Last check-in column"
                    data={[{ value: "", label: "None" }, ...p.columns.map((c) => ({ value: c, label: c }))]}
                    value={seenColumn ?? p.seenColumn ?? ""}
                    onChange={(v) => {
                      setSeenColumn(v ?? "");
                      reread({ ...columns, seenColumn: v ?? "" });
                    }}
                    allowDeselect={false}
                  />
                )}
              </Group>
              <Text size="sm" role="status">
                {formatCount(p.entries)} {kind === "inventory" ? "serial numbers" : "people"} read
                {p.problems.length
                  ? `; ${formatCount(p.problems.length + p.moreProblems)} lines could not be used`
                  : ", no bad line"}
                .
              </Text>
              {p.problems.length > 0 && (
                <List size="sm" aria-label="Lines that could not be used">
                  {p.problems.slice(0, 20).map((x) => (
                    <List.Item key={x.line}>
                      Line {x.line}: {x.message}
                    </List.Item>
                  ))}
                </List>
              )}
              <TextInput
                label="Name"
                placeholder={file}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                maxLength={120}
              />
              <Group>
                <Button onClick={() => save.mutate()} loading={save.isPending} disabled={p.entries === 0}>
                  Save {formatCount(p.entries)} {kind === "inventory" ? "serial numbers" : "people"}
                </Button>
              </Group>
              {save.isError && (
                <Alert color="red" role="alert" title="Not saved">
                  {save.error.message}
                </Alert>
              )}
            </Stack>
          )}
        </Stack>
      )}
      <Title order={2} size="h3">
        Saved
      </Title>
      {lists.isError && <QueryError error={lists.error} onRetry={() => void lists.refetch()} />}
      {lists.data && lists.data.items.length === 0 && <Text size="sm">Nothing uploaded yet.</Text>}
      {lists.data && lists.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Entries</Table.Th>
                <Table.Th>Uploaded</Table.Th>
                {canWrite && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.data.items.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td>
                    {l.kind}
                    {l.seenColumn ? " with check-ins" : ""}
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(l.entries)}</Table.Td>
                  <Table.Td>
                    {l.uploadedBy}, {formatRelative(Date.parse(l.uploadedAt))}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => remove.mutate(l.id)}
                        aria-label={`Delete ${l.name}`}
                      >
                        Delete
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {remove.isError && (
        <Alert color="red" role="alert" title="Not deleted">
          {remove.error.message}
        </Alert>
      )}
    </Stack>
  );
}
