import { Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { AlertsView } from "../../features/alerts/components/alerts-view";
import { ChannelsCard } from "../../features/alerts/components/channels-card";
import { WebhooksCard } from "../../features/alerts/components/webhooks-card";
import { sessionQueryOptions } from "../../lib/api/session";

export function AlertsRoute() {
  const session = useQuery(sessionQueryOptions());
  return (
    <Stack gap="lg" maw={1000}>
      <AlertsView />
      {session.data?.role === "admin" && (
        <>
          <ChannelsCard />
          <WebhooksCard />
        </>
      )}
    </Stack>
  );
}
