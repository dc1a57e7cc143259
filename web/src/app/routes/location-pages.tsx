import { Anchor, Breadcrumbs, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { assetKey } from "../../lib/apple";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useParams } from "react-router";
import { QueryError } from "../../components/errors/query-error";
import { ExportButton } from "../../components/export/export-button";
import { formatCount, formatPercent } from "../../lib/format";
import { HeldAssetsView } from "../../features/assignments/components/held-assets-view";
import { HoldersView } from "../../features/assignments/components/holders-view";
import { AssetIcon } from "../../components/assets/asset-icon";
import { AssetsView } from "../../features/assets/components/assets-view";
import { useAssetRows } from "../../hooks/use-asset-rows";
import { OverviewView } from "../../features/overview/components/overview-view";
import { PersonView } from "../../features/users/components/person-view";
import { RetireView } from "../../features/users/components/retire-view";
import { RosterImport } from "../../features/users/components/roster-import";
import { UsersView } from "../../features/users/components/users-view";
import { forecastsQueryOptions, forecastWords } from "../../lib/api/forecasts";
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
  return <UsersView locationId={useCurrentLocation().id} canWrite={useCanWrite()} />;
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
  const forecast = useQuery(forecastsQueryOptions(location.id)).data?.find(
    (f) => f.adamId === adamId && f.pricingParam === pricingParam,
  );
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
          {forecast && (
            <Text size="sm" role="note" aria-label="Forecast">
              <strong>{forecastWords(forecast)}</strong> at the last 30 days’ pace: {forecast.method}.
            </Text>
          )}
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
  const { clientUserId = "" } = useParams();
  const locationId = useCurrentLocation().id;
  return (
    <PersonView
      locationId={locationId}
      clientUserId={clientUserId}
      canWrite={useCanWrite()}
      holdings={<HeldAssetsView locationId={locationId} filter={{ clientUserId }} noun="user" />}
    />
  );
}

export function PeopleImportRoute() {
  return <RosterImport locationId={useCurrentLocation().id} />;
}

export function PeopleRetireRoute() {
  const targets = (useLocation().state as { targets?: string[] } | null)?.targets ?? [];
  return <RetireView locationId={useCurrentLocation().id} initial={targets} />;
}
