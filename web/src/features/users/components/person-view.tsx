import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  CopyButton,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { Link } from "react-router";
import { ExportButton } from "../../../components/export/export-button";
import { QueryError } from "../../../components/errors/query-error";
import { personQueryOptions } from "../../../lib/api/people";
import { rowsOf } from "../../../lib/paged";
import { usersQueryOptions } from "../api/get-users";
import { UpdateContact } from "./update-contact";
import { UserStatusBadge } from "./user-status-badge";

/** One person: name, e-mail, groups, Apple's state and invitation link, and the licences they hold. */
export function PersonView({
  locationId,
  clientUserId,
  canWrite,
  holdings,
}: {
  locationId: string;
  clientUserId: string;
  canWrite: boolean;
  /** The licences they hold (the assignments feature's view). */
  holdings: ReactNode;
}) {
  const users = useQuery(usersQueryOptions(locationId, "all", clientUserId));
  const person = useQuery(personQueryOptions(locationId, clientUserId));
  const entries = useMemo(() => rowsOf(users.data), [users.data]);
  const current =
    entries.find((u) => u.status === "Registered" || u.status === "Associated") ?? entries.at(-1);
  const entry = person.data?.person;
  const name = entry?.name || current?.name || current?.email || clientUserId;
  const email = current?.email ?? entry?.email;
  const active = current?.status === "Registered" || current?.status === "Associated";
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/l/${locationId}/users`}>
          Users
        </Anchor>
        <Text>{name}</Text>
      </Breadcrumbs>
      <div>
        <Text c="dimmed" size="sm">
          User
        </Text>
        <Group gap="sm">
          <Title order={1} size="h2">
            {name}
          </Title>
          {current && <UserStatusBadge status={current.status} />}
        </Group>
        {email && email !== name && <Text>{email}</Text>}
        <Text size="sm" c="dimmed" ff="monospace">
          {clientUserId}
        </Text>
        {(entry?.groups.length ?? 0) > 0 && (
          <Group gap={4} mt={4} aria-label="Groups">
            {entry?.groups.map((g) => (
              <Badge key={g} variant="light" color="gray">
                {g}
              </Badge>
            ))}
          </Group>
        )}
        {users.isSuccess && entries.length === 0 && (
          <Text c="dimmed">Apple has no user with this clientUserId at this location.</Text>
        )}
        {entries.length > 1 && (
          <Text size="sm" c="dimmed">
            {entries.length} entries for this clientUserId (retired ones stay listed):{" "}
            {entries.map((u) => u.status).join(", ")}
          </Text>
        )}
      </div>
      {person.data?.invitation && (
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Invitation link (not accepted yet)"
            value={person.data.invitation}
            readOnly
            w={420}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={person.data.invitation}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? "Copied" : "Copy link"}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      {canWrite && (
        <Group>
          <Button
            variant="default"
            color="red"
            component={Link}
            to={`/l/${locationId}/wizard?action=revoke-users`}
            state={{ targets: [clientUserId] }}
          >
            Revoke everything from this user
          </Button>
          {active && (
            <Button
              variant="default"
              color="red"
              component={Link}
              to={`/l/${locationId}/people/retire`}
              state={{ targets: [clientUserId] }}
            >
              Retire this person
            </Button>
          )}
        </Group>
      )}
      {canWrite && active && <UpdateContact locationId={locationId} clientUserId={clientUserId} />}
      {users.isError && <QueryError error={users.error} onRetry={() => void users.refetch()} />}
      <Group>
        <ExportButton locationId={locationId} kind="assignments" params={{ clientUserId }} />
      </Group>
      {holdings}
    </Stack>
  );
}
