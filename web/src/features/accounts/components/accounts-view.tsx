import { Alert, Badge, Button, Code, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "../../../components/errors/query-error";
import {
  accountsQueryOptions,
  useChangeAccount,
  useDeleteAccount,
  useResetPassword,
  useSignOutAccount,
  type AccountRow,
} from "../api/accounts";
import { NewAccountForm } from "./new-account-form";

/** Admins: who can sign in, with which role; create, switch off, reset and delete accounts. */
export function AccountsView({ me }: { me: string }) {
  const accounts = useQuery(accountsQueryOptions());
  const change = useChangeAccount();
  const reset = useResetPassword();
  const remove = useDeleteAccount();
  const signOut = useSignOutAccount();
  const [confirmDelete, setConfirmDelete] = useState<number>();
  const error = change.error ?? reset.error ?? remove.error ?? signOut.error;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>Accounts</Title>
        <Text c="dimmed">
          Admins change licences and locations; viewers only look. Changes apply at once.
        </Text>
      </div>
      <NewAccountForm />
      {error && (
        <Alert color="red" title="Nothing changed" role="alert">
          {error.message}
        </Alert>
      )}
      {reset.data && (
        <Alert color="teal" title={`New password for ${reset.data.username}`} role="status">
          <Code fz="md">{reset.data.password}</Code>
          <Text size="sm" mt="xs">
            Shown once: give it to them; they can change it under “Change my password”.
          </Text>
        </Alert>
      )}
      {signOut.data && (
        <Alert color="teal" title={`${signOut.data.username} is signed out everywhere`} role="status">
          {signOut.data.ended === 1 ? "1 session ended." : `${signOut.data.ended} sessions ended.`} Their
          password still works.
        </Alert>
      )}
      {accounts.isError ? (
        <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Accounts" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Sign-in</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(accounts.data ?? []).map((a: AccountRow) => {
                const self = a.username === me;
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      {a.username}
                      {self ? " (you)" : ""}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Role of ${a.username}`}
                        value={a.role}
                        disabled={self}
                        allowDeselect={false}
                        data={[
                          { value: "admin", label: "Admin" },
                          { value: "viewer", label: "Viewer" },
                        ]}
                        onChange={(v) =>
                          v && v !== a.role && change.mutate({ id: a.id, role: v as AccountRow["role"] })
                        }
                        w={120}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Badge variant="light" color={a.disabled ? "gray" : "teal"}>
                          {a.disabled ? "switched off" : a.sso ? "single sign-on" : "can sign in"}
                        </Badge>
                        <Text size="sm">{a.sessions === 1 ? "1 session" : `${a.sessions} sessions`}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {!self && (
                        <Group gap="xs">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => change.mutate({ id: a.id, disabled: !a.disabled })}
                          >
                            {a.disabled ? `Switch on ${a.username}` : `Switch off ${a.username}`}
                          </Button>
                          {!a.sso && (
                            <Button size="xs" variant="default" onClick={() => reset.mutate(a.id)}>
                              Reset password of {a.username}
                            </Button>
                          )}
                          {a.sessions > 0 && (
                            <Button size="xs" variant="default" onClick={() => signOut.mutate(a.id)}>
                              Sign {a.username} out everywhere
                            </Button>
                          )}
                          {confirmDelete === a.id ? (
                            <Button size="xs" color="red" onClick={() => remove.mutate(a.id)}>
                              Really delete {a.username}
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="default"
                              color="red"
                              onClick={() => setConfirmDelete(a.id)}
                            >
                              Delete {a.username}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
