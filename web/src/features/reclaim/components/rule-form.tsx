import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RuleInput, RuleKind } from "@vpp/proxy/contract";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { groupsQueryOptions } from "../../../lib/api/people";
import { createRule, listsQueryOptions, reclaimKeys } from "../api/reclaim";

const KINDS: { value: RuleKind; label: string }[] = [
  { value: "not-in-inventory", label: "Devices no longer in the inventory" },
  { value: "not-seen", label: "Devices not seen for N days" },
  { value: "retired-users", label: "Retired or deleted users" },
  { value: "not-in-roster", label: "Users not in the current roster or group" },
  { value: "few-holders", label: "Titles held by fewer than K" },
  { value: "unused-titles", label: "Titles nobody took for N days (a report)" },
];

/** A new reclaim rule: what it looks for, its name, and whether it runs on a schedule. */
export function RuleForm({ locationId }: { locationId: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const lists = useQuery(listsQueryOptions());
  const groups = useQuery(groupsQueryOptions(locationId));
  const [kind, setKind] = useState<RuleKind>("not-in-inventory");
  const [name, setName] = useState("");
  const [listId, setListId] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [days, setDays] = useState<number | string>(90);
  const [below, setBelow] = useState<number | string>(5);
  const [schedule, setSchedule] = useState<"off" | "daily" | "weekly">("off");
  const [autoRun, setAutoRun] = useState(false);
  const save = useMutation({
    mutationFn: (body: RuleInput) => createRule(locationId, body),
    onSuccess: (rule) => {
      void qc.invalidateQueries({ queryKey: reclaimKeys.rules(locationId) });
      navigate(`/l/${locationId}/reclaim/rules/${rule.id}`);
    },
  });
  const wantsInventory = kind === "not-in-inventory" || kind === "not-seen";
  const listKind = wantsInventory ? "inventory" : "roster";
  const choices = (lists.data?.items ?? [])
    .filter((l) => l.kind === listKind && (kind !== "not-seen" || l.seenColumn))
    .map((l) => ({ value: l.id, label: `${l.name} (${l.entries.toLocaleString("en-US")})` }));
  const query = (): RuleInput["query"] => {
    switch (kind) {
      case "not-in-inventory":
        return { kind, listId: listId ?? "" };
      case "not-seen":
        return { kind, listId: listId ?? "", days: Number(days) };
      case "retired-users":
        return { kind };
      case "not-in-roster":
        return listId ? { kind, listId } : { kind, group: group ?? "" };
      case "unused-titles":
        return { kind, days: Number(days) };
      case "few-holders":
        return { kind, below: Number(below) };
    }
  };
  const label = KINDS.find((k) => k.value === kind)?.label ?? "";
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>New reclaim rule</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ name: name.trim() || label, query: query(), schedule, autoRun });
        }}
      >
        <Stack gap="sm">
          <Select
            label="Find"
            data={KINDS}
            value={kind}
            allowDeselect={false}
            onChange={(v) => {
              setKind((v as RuleKind) ?? "not-in-inventory");
              setListId(null);
              setAutoRun(false);
            }}
          />
          {(wantsInventory || kind === "not-in-roster") && (
            <>
              <Select
                label={wantsInventory ? "Inventory" : "Roster (uploaded)"}
                description={
                  kind === "not-seen"
                    ? "Only inventories with a last check-in column can say when a device was seen."
                    : undefined
                }
                placeholder={choices.length ? "Choose one" : "None uploaded yet"}
                data={choices}
                value={listId}
                onChange={setListId}
                clearable={kind === "not-in-roster"}
              />
              <Text size="sm">
                <Anchor component={Link} to={`/l/${locationId}/reclaim/lists`}>
                  Upload an {wantsInventory ? "inventory from your MDM" : "roster"}
                </Anchor>
              </Text>
            </>
          )}
          {kind === "not-in-roster" && !listId && (
            <Select
              label="or a directory group"
              placeholder="Choose a group"
              data={(groups.data?.items ?? []).map((g) => ({
                value: g.group,
                label: `${g.group} (${g.people.toLocaleString("en-US")})`,
              }))}
              value={group}
              onChange={setGroup}
              searchable
            />
          )}
          {(kind === "not-seen" || kind === "unused-titles") && (
            <NumberInput label="Days" min={1} max={3650} value={days} onChange={setDays} />
          )}
          {kind === "few-holders" && (
            <NumberInput label="Fewer than" min={2} max={100000} value={below} onChange={setBelow} />
          )}
          <TextInput
            label="Name"
            placeholder={label}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={120}
          />
          <Select
            label="Dry run on a schedule"
            description="A scheduled run only reports what it finds, unless you turn on taking back below."
            data={[
              { value: "off", label: "No, on demand" },
              { value: "daily", label: "Daily" },
              { value: "weekly", label: "Weekly" },
            ]}
            value={schedule}
            allowDeselect={false}
            onChange={(v) => {
              setSchedule((v as "off" | "daily" | "weekly") ?? "off");
              if (v === "off") setAutoRun(false);
            }}
          />
          {kind !== "unused-titles" && (
            <Checkbox
              label="Take back automatically after each scheduled run"
              description="Above the confirmation threshold in Settings an automatic take-back waits for an admin's approval."
              checked={autoRun}
              disabled={schedule === "off"}
              onChange={(e) => setAutoRun(e.currentTarget.checked)}
            />
          )}
          {save.isError && (
            <Alert color="red" title="The rule was not saved" role="alert">
              {save.error.message}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save and preview
            </Button>
            <Button component={Link} to={`/l/${locationId}/reclaim`} variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
