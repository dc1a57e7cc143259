import { Anchor, Breadcrumbs, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { assetKey } from "../../lib/apple";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useParams } from "react-router";
import { QueryError } from "../../components/errors/query-error";
import { ExportButton } from "../../components/export/export-button";
import { formatCount, formatPercent } from "../../lib/format";
import { rowsOf } from "../../lib/paged";
import { HeldAssetsView } from "../../features/assignments/components/held-assets-view";
import { HoldersView } from "../../features/assignments/components/holders-view";
import { AssetIcon } from "../../components/assets/asset-icon";
import { AssetsView } from "../../features/assets/components/assets-view";
import { useAssetRows } from "../../hooks/use-asset-rows";
import { OverviewView } from "../../features/overview/components/overview-view";
import { usersQueryOptions } from "../../features/users/api/get-users";
import { UserStatusBadge } from "../../features/users/components/user-status-badge";
import { UsersView } from "../../features/users/components/users-view";
import { sessionQueryOptions } from "../../lib/api/session";

/** Whether the signed-in account may start jobs. */
function useCanWrite(): boolean {
  return useQuery(sessionQueryOptions()).data?.role === "admin";
}
import { useCurrentLocation } from "./location-layout";

export function OverviewRoute() {
  return <OverviewView location={useCurrentLocation()} />;
}

export function AssetsRoute() {
  return <AssetsView locationId={useCurrentLocation().id} />;
}

export function UsersRoute() {
  return <UsersView locationId={useCurrentLocation().id} />;
}

function Count({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Card>
  );
}

export function AssetDetailRoute() {
  const location = useCurrentLocation();
  const { adamId = "", pricingParam = "STDQ" } = useParams();
  const { assets, byKey } = useAssetRows(location.id);
  const canWrite = useCanWrite();
  const asset = byKey.get(assetKey({ adamId, pricingParam }));
  const base = `/l/${location.id}`;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`${base}/assets`}>
          Apps and books
        </Anchor>
        <Text>{asset?.name ?? adamId}</Text>
      </Breadcrumbs>
      {assets.isError && <QueryError error={assets.error} onRetry={() => void assets.refetch()} />}
      {assets.isSuccess && !asset && assets.fetchStatus === "idle" && (
        <Text c="dimmed">
          This location owns no {adamId} ({pricingParam}).
        </Text>
      )}
      {asset && (
        <>
          <Group justify="space-between" align="flex-start">
            <Group gap="md">
              <AssetIcon name={asset.name} iconUrl={asset.iconUrl} size={56} />
              <div>
                <Title order={1}>{asset.name}</Title>
                <Text c="dimmed" size="sm">
                  {asset.productType} · {asset.pricingParam} · adamId {asset.adamId} ·{" "}
                  {asset.supportedPlatforms.join(", ")}
                  {asset.deviceAssignable ? " · device-assignable" : " · users only"}
                  {asset.revocable ? "" : " · not revocable"}
                </Text>
              </div>
            </Group>
            {canWrite && (
              <Group gap="xs">
                <Button
                  component={Link}
                  to={`${base}/wizard?action=${asset.deviceAssignable ? "assign-devices" : "assign-users"}&assets=${asset.key}`}
                >
                  Assign more
                </Button>
              </Group>
            )}
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Count label="Total" value={formatCount(asset.totalCount)} />
            <Count label="Assigned" value={formatCount(asset.assignedCount)} />
            <Count label="Available" value={formatCount(asset.availableCount)} />
            <Count
              label="Used"
              value={asset.unlimited ? "Unlimited" : formatPercent(asset.assignedCount, asset.totalCount)}
            />
          </SimpleGrid>
        </>
      )}
      <Group justify="space-between">
        <Title order={2} size="h3">
          Who holds it
        </Title>
        <ExportButton locationId={location.id} kind="assignments" params={{ adamId, pricingParam }} />
      </Group>
      <HoldersView
        locationId={location.id}
        adamId={adamId}
        pricingParam={pricingParam}
        canUnassign={canWrite && (asset?.revocable ?? false)}
      />
    </Stack>
  );
}

export function DeviceRoute() {
  const location = useCurrentLocation();
  const { serial = "" } = useParams();
  const canWrite = useCanWrite();
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/l/${location.id}/assets`}>
          Apps and books
        </Anchor>
        <Text>Device</Text>
      </Breadcrumbs>
      <Group justify="space-between">
        <div>
          <Text c="dimmed" size="sm">
            Device
          </Text>
          <Title order={1} ff="monospace">
            {serial}
          </Title>
        </div>
        {canWrite && (
          <Button
            variant="default"
            color="red"
            component={Link}
            to={`/l/${location.id}/wizard?action=revoke-devices`}
            state={{ targets: [serial] }}
          >
            Revoke everything from this device
          </Button>
        )}
      </Group>
      <Group>
        <ExportButton locationId={location.id} kind="assignments" params={{ serialNumber: serial }} />
      </Group>
      <HeldAssetsView locationId={location.id} filter={{ serialNumber: serial }} noun="device" />
    </Stack>
  );
}

export function UserRoute() {
  const location = useCurrentLocation();
  const { clientUserId = "" } = useParams();
  const canWrite = useCanWrite();
  const users = useQuery(usersQueryOptions(location.id, "all", clientUserId));
  const entries = useMemo(() => rowsOf(users.data), [users.data]);
  const current =
    entries.find((u) => u.status === "Registered" || u.status === "Associated") ?? entries.at(-1);
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/l/${location.id}/users`}>
          Users
        </Anchor>
        <Text>{clientUserId}</Text>
      </Breadcrumbs>
      <div>
        <Text c="dimmed" size="sm">
          User
        </Text>
        <Group gap="sm">
          <Title order={1} ff="monospace" size="h2">
            {clientUserId}
          </Title>
          {current && <UserStatusBadge status={current.status} />}
        </Group>
        {current?.email && <Text>{current.email}</Text>}
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
      {canWrite && (
        <Group>
          <Button
            variant="default"
            color="red"
            component={Link}
            to={`/l/${location.id}/wizard?action=revoke-users`}
            state={{ targets: [clientUserId] }}
          >
            Revoke everything from this user
          </Button>
        </Group>
      )}
      {users.isError && <QueryError error={users.error} onRetry={() => void users.refetch()} />}
      <Group>
        <ExportButton locationId={location.id} kind="assignments" params={{ clientUserId }} />
      </Group>
      <HeldAssetsView locationId={location.id} filter={{ clientUserId }} noun="user" />
    </Stack>
  );
}
