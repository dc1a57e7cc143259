import {
  ActionIcon,
  Anchor,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { alertsQueryOptions, useMarkRead } from "../api/alerts";
import { AlertItem } from "./alert-item";

/** The header's bell: how many alerts are unread, the latest ones, and a way to all of them. */
export function AlertBell() {
  const alerts = useQuery(alertsQueryOptions());
  const markRead = useMarkRead();
  const [opened, setOpened] = useState(false);
  const unread = alerts.data?.unread ?? 0;
  const latest = (alerts.data?.items ?? []).slice(0, 8);
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-end" shadow="md" trapFocus>
      <Indicator
        label={unread > 99 ? "99+" : unread}
        size={18}
        color="red"
        disabled={unread === 0}
        offset={4}
      >
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label={label} onClick={() => setOpened((o) => !o)}>
            <span aria-hidden>🔔</span>
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown aria-label="Notifications" role="dialog">
        <Group justify="space-between" mb="xs">
          <Text fw={700}>Notifications</Text>
          <Button
            size="compact-sm"
            variant="subtle"
            disabled={unread === 0}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        </Group>
        {latest.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing needs you now. Alerts appear here when a title runs low, a token nears its expiry or a job
            ends with failures.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {latest.map((a) => (
                <li key={a.id}>
                  <AlertItem
                    alert={a}
                    onOpen={() => {
                      setOpened(false);
                      if (!a.read) markRead.mutate([a.id]);
                    }}
                  />
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <Divider my="xs" />
        <Anchor component={Link} to="/alerts" size="sm" onClick={() => setOpened(false)}>
          All alerts and where they go
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
