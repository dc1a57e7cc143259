import { Alert, Button, Card, Group, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useCreateAccount, type AccountRow } from "../api/accounts";

/** A new account: name, a password of at least 12 characters, and a role. */
export function NewAccountForm() {
  const create = useCreateAccount();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<AccountRow["role"]>("viewer");
  const short = password.length > 0 && password.length < 12;
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { username: username.trim(), password, role },
            {
              onSuccess: () => {
                setUsername("");
                setPassword("");
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Add an account
          </Title>
          <Group align="flex-start">
            <TextInput
              label="Username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              required
            />
            <PasswordInput
              label="Password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={short ? "At least 12 characters" : undefined}
              required
              w={240}
            />
            <Select
              label="Role"
              value={role}
              allowDeselect={false}
              onChange={(v) => v && setRole(v as AccountRow["role"])}
              data={[
                { value: "viewer", label: "Viewer" },
                { value: "admin", label: "Admin" },
              ]}
              w={120}
            />
          </Group>
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!username.trim() || password.length < 12}
            >
              Add the account
            </Button>
          </Group>
          {create.isError && (
            <Alert color="red" title="The account was not added" role="alert">
              {create.error.message}
            </Alert>
          )}
          {create.isSuccess && (
            <Alert color="teal" role="status">
              {create.data.username} can sign in now.
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}
