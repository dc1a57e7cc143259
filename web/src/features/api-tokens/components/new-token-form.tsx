import { Alert, Button, Card, Code, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { ShownOnce } from "../../../components/shown-once/shown-once";
import { useState } from "react";
import { useCreateApiToken } from "../api/api-tokens";

const LIFETIMES = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "366", label: "1 year" },
];

/** A new token: a name to know it by, a role, a lifetime; the token is shown here once. */
export function NewTokenForm() {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [role, setRole] = useState<"viewer" | "admin">("viewer");
  const [days, setDays] = useState("90");
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name: name.trim(), role, expiresInDays: Number(days) },
            { onSuccess: () => setName("") },
          );
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Create a token
          </Title>
          <Group align="flex-start">
            <TextInput
              label="Name"
              description="What uses it, e.g. “nightly export”"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={80}
              required
            />
            <Select
              label="Role"
              description="Viewers only read"
              value={role}
              allowDeselect={false}
              onChange={(v) => v && setRole(v as "viewer" | "admin")}
              data={[
                { value: "viewer", label: "Viewer" },
                { value: "admin", label: "Admin" },
              ]}
              w={130}
            />
            <Select
              label="Expires after"
              description="At most a year"
              value={days}
              allowDeselect={false}
              onChange={(v) => v && setDays(v)}
              data={LIFETIMES}
              w={150}
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create the token
            </Button>
          </Group>
          {create.isError && (
            <Alert color="red" title="No token was made" role="alert">
              {create.error.message}
            </Alert>
          )}
          {create.data && (
            <ShownOnce
              title={`Token “${create.data.name}”`}
              label="The new token"
              value={create.data.token}
              copyLabel="Copy the token"
            >
              Copy it now: it is shown this once and the console keeps only a fingerprint of it. Send it as{" "}
              <Code>Authorization: Bearer …</Code>.
            </ShownOnce>
          )}
        </Stack>
      </form>
    </Card>
  );
}
