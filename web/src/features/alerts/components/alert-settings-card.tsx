import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ALERT_RULES, type AlertRule, type AlertSettings } from "@vpp/proxy/contract";
import { useState } from "react";
import { alertSettingsQueryOptions, useSaveAlertSettings } from "../api/alerts";

const RULE_WORDS: Record<AlertRule, string> = {
  "running-out": "A limited title runs out",
  forecast: "A title will run out soon at the current pace",
  "token-expiry": "The token nears its expiry (30, 15, 7 and 1 days)",
  "token-refused": "Apple refuses the token",
  "managed-by-other": "Another MDM takes the location over",
  "sync-failing": "The copy cannot be read",
  "job-failures": "A job ends with failures",
  "approval-waiting": "A take-back waits for approval",
  "reclaim-found": "A scheduled reclaim rule finds licences to take back",
};

/** One location's alert rules: which are on, and their thresholds. Viewers see them; admins change them. */
export function AlertSettingsCard({ locationId, canWrite }: { locationId: string; canWrite: boolean }) {
  const settings = useQuery(alertSettingsQueryOptions(locationId));
  if (!settings.data) return null;
  return <AlertSettingsForm locationId={locationId} initial={settings.data} canWrite={canWrite} />;
}

function AlertSettingsForm(props: { locationId: string; initial: AlertSettings; canWrite: boolean }) {
  const save = useSaveAlertSettings(props.locationId);
  const [s, setS] = useState(props.initial);
  const number = (
    key: "warningPercent" | "criticalPercent" | "criticalLeft" | "forecastDays" | "syncFailingHours",
  ) =>
    ({
      value: s[key],
      disabled: !props.canWrite,
      allowDecimal: false,
      min: 0,
      onChange: (v: string | number) => setS({ ...s, [key]: typeof v === "number" ? v : Number(v) || 0 }),
    }) as const;
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(s);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Alerts for this location
          </Title>
          <Checkbox.Group
            label="Tell me when"
            value={ALERT_RULES.filter((r) => !s.off.includes(r))}
            onChange={(on) => setS({ ...s, off: ALERT_RULES.filter((r) => !on.includes(r)) })}
          >
            <Stack gap={6} mt="xs">
              {ALERT_RULES.map((r) => (
                <Checkbox key={r} value={r} label={RULE_WORDS[r]} disabled={!props.canWrite} />
              ))}
            </Stack>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <NumberInput label="Warning at or below (% available)" max={100} {...number("warningPercent")} />
            <NumberInput
              label="Critical at or below (% available)"
              max={100}
              {...number("criticalPercent")}
            />
            <NumberInput label="…or critical at or below (licences left)" {...number("criticalLeft")} />
            <NumberInput label="Forecast: warn within (days)" max={365} {...number("forecastDays")} />
            <NumberInput label="Copy not read for (hours)" max={168} {...number("syncFailingHours")} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The forecast divides what is available by the net number of licences assigned a day over the last
            30 days of the copy’s history.
          </Text>
          {props.canWrite && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save alert settings
              </Button>
              {save.isSuccess && (
                <Text role="status" size="sm">
                  Saved.
                </Text>
              )}
            </Group>
          )}
          {save.isError && (
            <Alert color="red" title="Nothing changed" role="alert">
              {save.error.message}
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}
