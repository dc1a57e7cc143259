import { Alert, Anchor, Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ApiTokenView } from "@vpp/proxy/contract";
import { useState } from "react";
import { QueryError } from "../../../components/errors/query-error";
import { formatRelative } from "../../../lib/format";
import { apiTokensQueryOptions, useRevokeApiToken } from "../api/api-tokens";
import { NewTokenForm } from "./new-token-form";

const day = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** Whether a token still works, in words: revoked, expired, or valid until a day. */
function tokenState(t: ApiTokenView, now = Date.now()): { label: string; color: string; live: boolean } {
  if (t.revokedAt) return { label: `revoked ${day(t.revokedAt)}`, color: "gray", live: false };
  if (Date.parse(t.expiresAt) <= now)
    return { label: `expired ${day(t.expiresAt)}`, color: "gray", live: false };
  return { label: `until ${day(t.expiresAt)}`, color: "teal", live: true };
}

/** Admins: tokens for scripts and other tools — create (shown once), see when each was last used, revoke. */
export function ApiTokensView() {
  const tokens = useQuery(apiTokensQueryOptions());
  const revoke = useRevokeApiToken();
  const [confirm, setConfirm] = useState<string>();
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>API tokens</Title>
        <Text c="dimmed">
          A token lets a script use the console’s API as you, with its role at most and never more than yours.
          Tokens cannot make tokens. Every route is described in the{" "}
          <Anchor href="/api/openapi.json" target="_blank" underline="always">
            OpenAPI document
          </Anchor>
          .
        </Text>
      </div>
      <NewTokenForm />
      {revoke.isError && (
        <Alert color="red" title="The token was not revoked" role="alert">
          {revoke.error.message}
        </Alert>
      )}
      {tokens.isError ? (
        <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data?.length === 0 ? (
        <Text>No tokens yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="API tokens" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Starts with</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Made by</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Valid</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tokens.data ?? []).map((t) => {
                const state = tokenState(t);
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>
                      <code>{t.prefix}…</code>
                    </Table.Td>
                    <Table.Td>{t.role === "admin" ? "Admin" : "Viewer"}</Table.Td>
                    <Table.Td>{t.createdBy}</Table.Td>
                    <Table.Td>{t.lastUsedAt ? formatRelative(Date.parse(t.lastUsedAt)) : "never"}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={state.color}>
                        {state.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {state.live &&
                        (confirm === t.id ? (
                          <Button size="xs" color="red" onClick={() => revoke.mutate(t.id)}>
                            Really revoke {t.name}
                          </Button>
                        ) : (
                          <Button size="xs" variant="default" onClick={() => setConfirm(t.id)}>
                            Revoke {t.name}
                          </Button>
                        ))}
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
