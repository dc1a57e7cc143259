import { Alert, FileButton, Button, Group, List, Stack, Text, Textarea } from "@mantine/core";
import { useMemo } from "react";
import { formatCount } from "../../../lib/format";
import { parseTargets, type TargetKind } from "../utils/targets";
import { GroupPicker } from "./group-picker";

/** Paste serials or clientUserIds, or load a CSV / TXT list; invalid lines are listed by number. */
export function StepTargets({
  locationId,
  kind,
  text,
  onChange,
}: {
  locationId: string;
  kind: TargetKind;
  text: string;
  onChange: (text: string) => void;
}) {
  const parsed = useMemo(() => parseTargets(text, kind), [text, kind]);
  const noun = kind === "serialNumbers" ? "serial numbers" : "clientUserIds";
  return (
    <Stack>
      <Group>
        <FileButton
          onChange={(f) => f && void f.text().then(onChange)}
          accept=".csv,.txt,text/csv,text/plain"
        >
          {(props) => (
            <Button variant="light" {...props}>
              Load a CSV or TXT file
            </Button>
          )}
        </FileButton>
        <Text size="sm" c="dimmed">
          One per line, or a CSV with a column named{" "}
          {kind === "serialNumbers" ? "“serialNumber”" : "“clientUserId”"}.
        </Text>
      </Group>
      {kind === "clientUserIds" && (
        <GroupPicker
          locationId={locationId}
          onAdd={(ids) => onChange([text.trim(), ...ids].filter(Boolean).join("\n"))}
        />
      )}
      <Textarea
        label={kind === "serialNumbers" ? "Serial numbers" : "clientUserIds"}
        autosize
        minRows={6}
        maxRows={14}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        styles={{ input: { fontFamily: "monospace" } }}
      />
      <Text size="sm" role="status" aria-label="Target count">
        {formatCount(parsed.targets.length)} {noun}
        {parsed.duplicates ? ` (${formatCount(parsed.duplicates)} duplicates removed)` : ""}
        {parsed.headerSkipped ? " · header row skipped" : ""}
      </Text>
      {parsed.invalid.length > 0 && (
        <Alert
          color="orange"
          title={`${parsed.invalid.length} line${parsed.invalid.length === 1 ? "" : "s"} cannot be used`}
        >
          <List size="sm">
            {parsed.invalid.slice(0, 20).map((i) => (
              <List.Item key={`${i.line}:${i.value}`}>
                Line {i.line}: “{i.value}” — {i.reason}
              </List.Item>
            ))}
          </List>
          {parsed.invalid.length > 20 && <Text size="sm">…and {parsed.invalid.length - 20} more.</Text>}
        </Alert>
      )}
    </Stack>
  );
}
