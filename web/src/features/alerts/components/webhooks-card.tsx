import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { ShownOnce } from "../../../components/shown-once/shown-once";
import { useQuery } from "@tanstack/react-query";
import type { WebhookView } from "@vpp/proxy/contract";
import { useState } from "react";
import { webhooksQueryOptions, useCreateWebhook, useDeleteWebhook, useTestWebhook } from "../api/alerts";
import { DeliveryLog } from "./delivery-log";

const KINDS = [
  { value: "generic", label: "JSON, signed (HMAC-SHA256)" },
  { value: "slack", label: "Slack" },
  { value: "teams", label: "Microsoft Teams" },
];

/** Admins: where alerts and events are posted, with each webhook's delivery log. */
export function WebhooksCard() {
  const hooks = useQuery(webhooksQueryOptions());
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const tested = hooks.data?.find((h) => h.id === test.variables)?.name;
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [kind, setKind] = useState<WebhookView["kind"]>("generic");
  const [open, setOpen] = useState<string>();
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Webhooks
        </Title>
        <Text size="sm" c="dimmed">
          Alerts, jobs started and finished, locations added, renewed or taken over by another MDM, and
          reclaim previews are posted here; a refused post is tried again with growing waits for about six
          hours.
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { name: name.trim(), url: url.trim(), kind },
              { onSuccess: () => (setName(""), setUrl("")) },
            );
          }}
        >
          <Group align="flex-end">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <TextInput
              label="Address"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              required
              w={320}
            />
            <Select
              label="Format"
              value={kind}
              allowDeselect={false}
              onChange={(v) => v && setKind(v as WebhookView["kind"])}
              data={KINDS}
              w={240}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !url.trim()}>
              Add the webhook
            </Button>
          </Group>
        </form>
        {create.isError && (
          <Alert color="red" title="No webhook was added" role="alert">
            {create.error.message}
          </Alert>
        )}
        {create.data?.kind === "generic" && (
          <ShownOnce
            title={`Signing secret of “${create.data.name}”`}
            label="The signing secret"
            value={create.data.secret}
            copyLabel="Copy the secret"
          >
            Shown this once. Check <Code>X-Vppc-Signature: t=…,v1=…</Code>: HMAC-SHA256 of “t.body” with this
            secret.
          </ShownOnce>
        )}
        {(hooks.data?.length ?? 0) > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Webhooks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th>Last delivery</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {hooks.data?.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{h.name}</Table.Td>
                    <Table.Td>{h.urlHint}</Table.Td>
                    <Table.Td>{KINDS.find((k) => k.value === h.kind)?.label}</Table.Td>
                    <Table.Td>{h.lastDelivery ? h.lastDelivery.status : "none yet"}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setOpen(open === h.id ? undefined : h.id)}
                        >
                          {open === h.id ? `Hide deliveries of ${h.name}` : `Deliveries of ${h.name}`}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          loading={test.isPending && test.variables === h.id}
                          onClick={() => test.mutate(h.id)}
                        >
                          Send a test to {h.name}
                        </Button>
                        <Button size="xs" variant="default" color="red" onClick={() => remove.mutate(h.id)}>
                          Remove {h.name}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text size="sm" role="status">
          {test.data?.status === "delivered" &&
            `“${tested}” took the test post: HTTP ${test.data.lastStatus}.`}
          {test.data &&
            test.data.status !== "delivered" &&
            `“${tested}” did not take the test post: ${test.data.lastError ?? "no answer"}.${
              test.data.nextAt
                ? ` It is tried again at ${new Date(test.data.nextAt).toLocaleTimeString()}.`
                : ""
            }`}
        </Text>
        {test.isError && (
          <Alert color="red" title="The test was not sent" role="alert">
            {test.error.message}
          </Alert>
        )}
        {open && hooks.data?.some((h) => h.id === open) && (
          <DeliveryLog hook={hooks.data.find((h) => h.id === open) as WebhookView} />
        )}
      </Stack>
    </Card>
  );
}
