import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { QueryError } from "../../../components/errors/query-error";
import { formatCount } from "../../../lib/format";
import { sessionQueryOptions } from "../../../lib/api/session";
import {
  approveReclaim,
  cancelReclaim,
  formatMoneys,
  frozenCsvUrl,
  reclaimKeys,
  reclaimQueryOptions,
  type Reclaim,
} from "../api/reclaim";
import { reclaimLook } from "./reclaim-look";

const when = (iso: string, timeZone: string) =>
  `${new Date(iso).toLocaleString("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" })} (${timeZone})`;

/** One take-back: its guardrails (approval, schedule), its jobs, and what it recovered. */
export function ReclaimView({
  locationId,
  reclaimId,
  canWrite,
}: {
  locationId: string;
  reclaimId: string;
  canWrite: boolean;
}) {
  const qc = useQueryClient();
  const reclaim = useQuery(reclaimQueryOptions(locationId, reclaimId));
  const me = useQuery(sessionQueryOptions()).data?.username;
  const act = useMutation({
    mutationFn: (what: "approve" | "cancel") =>
      what === "approve" ? approveReclaim(locationId, reclaimId) : cancelReclaim(locationId, reclaimId),
    onSuccess: (r) => {
      qc.setQueryData(reclaimKeys.reclaim(locationId, reclaimId), r);
      void qc.invalidateQueries({ queryKey: reclaimKeys.reclaims(locationId) });
    },
  });
  const base = `/l/${locationId}/reclaim`;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={base}>
          Reclaim
        </Anchor>
        <Text size="sm">Take-back</Text>
      </Breadcrumbs>
      {reclaim.isPending && <Loader aria-label="Loading the take-back" />}
      {reclaim.isError && <QueryError error={reclaim.error} onRetry={() => void reclaim.refetch()} />}
      {reclaim.data && (
        <Details
          r={reclaim.data}
          me={me}
          canWrite={canWrite}
          acting={act.isPending}
          onAct={(what) => act.mutate(what)}
          locationId={locationId}
        />
      )}
      {act.isError && (
        <Alert color="red" role="alert" title="Not done">
          {act.error.message}
        </Alert>
      )}
    </Stack>
  );
}

function Details({
  r,
  me,
  canWrite,
  acting,
  onAct,
  locationId,
}: {
  r: Reclaim;
  me: string | undefined;
  canWrite: boolean;
  acting: boolean;
  onAct: (what: "approve" | "cancel") => void;
  locationId: string;
}) {
  const look = reclaimLook(r);
  const open = r.state === "awaiting-approval" || r.state === "scheduled";
  return (
    <>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Take back: {r.ruleName}</Title>
        <Badge color={look.color} variant="light" size="lg">
          {look.label}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Frozen at preview
          </Text>
          <Text fw={700} size="lg">
            {formatCount(r.count)} licences
          </Text>
          <Text size="sm">{formatMoneys(r.value)}</Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Recovered
          </Text>
          <Text fw={700} size="lg">
            {r.progress ? `${formatCount(r.progress.recovered)} licences` : "—"}
          </Text>
          <Text size="sm">{r.progress ? formatMoneys(r.progress.value) : "Nothing sent to Apple yet"}</Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Jobs
          </Text>
          <Text fw={700} size="lg">
            {r.progress ? `${r.progress.jobsDone} of ${r.progress.jobs} finished` : "—"}
          </Text>
        </Card>
      </SimpleGrid>
      <List size="sm" spacing={4}>
        <List.Item>
          Asked by {r.requestedBy}
          {r.needsApproval &&
            (r.approvedBy ? `, approved by ${r.approvedBy}` : ", waiting for a second admin")}
          .
        </List.Item>
        <List.Item>{r.runAt ? `Runs at ${when(r.runAt, r.timeZone)}.` : "Runs as soon as it may."}</List.Item>
        <List.Item>
          Accepted change before it starts: {formatCount(r.tolerance)} licence{r.tolerance === 1 ? "" : "s"}.{" "}
          <Anchor href={frozenCsvUrl(locationId, r.id)} download>
            The frozen list (CSV)
          </Anchor>
        </List.Item>
      </List>
      {r.error && (
        <Alert color="red" title={r.state === "refused" ? "Refused" : "A problem"} role="alert">
          {r.error}
        </Alert>
      )}
      {r.jobIds.length > 0 && (
        <List size="sm">
          {r.jobIds.map((id, i) => (
            <List.Item key={id}>
              <Anchor component={Link} to={`/l/${locationId}/jobs/${id}`}>
                Job {i + 1}: watch it live
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
      {canWrite && open && (
        <Group>
          {r.state === "awaiting-approval" &&
            (me === r.requestedBy ? (
              <Text size="sm">Another admin must approve this take-back.</Text>
            ) : (
              <Button onClick={() => onAct("approve")} loading={acting}>
                Approve {formatCount(r.count)} licences
              </Button>
            ))}
          <Button variant="default" onClick={() => onAct("cancel")} disabled={acting}>
            Cancel the take-back
          </Button>
        </Group>
      )}
    </>
  );
}
