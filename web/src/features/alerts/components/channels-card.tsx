import { Alert, Button, Card, Group, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { AlertChannels } from "@vpp/proxy/contract";
import { useState } from "react";
import { channelsQueryOptions, useSaveChannels } from "../api/alerts";

/** Admins: who gets alerts by mail, one by one or as a digest. */
export function ChannelsCard() {
  const channels = useQuery(channelsQueryOptions());
  if (!channels.data) return null;
  return <ChannelsForm initial={channels.data} />;
}

function ChannelsForm({ initial }: { initial: AlertChannels & { smtp: boolean } }) {
  const save = useSaveChannels();
  const [to, setTo] = useState(initial.emailTo.join("\n"));
  const [digest, setDigest] = useState(initial.digest);
  const emailTo = to
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ emailTo, digest });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Alerts by e-mail
          </Title>
          {!initial.smtp && (
            <Alert color="yellow" role="status" title="Mail is not set up">
              Start the console with <code>SMTP_URL</code> (smtp://user:password@host:587) to send alerts by
              mail; until then they appear in the app only.
            </Alert>
          )}
          <Group align="flex-start">
            <Textarea
              label="Recipients"
              description="One address per line"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              autosize
              minRows={2}
              w={360}
            />
            <Select
              label="How often"
              value={digest}
              allowDeselect={false}
              onChange={(v) => v && setDigest(v as AlertChannels["digest"])}
              data={[
                { value: "off", label: "A mail per alert" },
                { value: "hourly", label: "One digest an hour" },
                { value: "daily", label: "One digest a day" },
              ]}
              w={200}
            />
          </Group>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save e-mail settings
            </Button>
            {save.isSuccess && (
              <Text role="status" size="sm">
                Saved: {save.data.emailTo.length} recipient{save.data.emailTo.length === 1 ? "" : "s"}.
              </Text>
            )}
          </Group>
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
