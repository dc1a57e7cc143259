import { Anchor, Badge, Group, Stack, Text, VisuallyHidden } from "@mantine/core";
import type { AlertView } from "@vpp/proxy/contract";
import { Link } from "react-router";
import { formatRelative } from "../../../lib/format";

const LOOK = {
  critical: { color: "red", label: "Critical" },
  warning: { color: "orange", label: "Warning" },
  info: { color: "blue", label: "For you" },
} as const;

/** One alert: how urgent, what, since when, and the screen that shows it. */
export function AlertItem({ alert, onOpen }: { alert: AlertView; onOpen?: () => void }) {
  const look = LOOK[alert.severity];
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge color={look.color} variant="light" style={{ flexShrink: 0 }}>
          {look.label}
        </Badge>
        <Anchor component={Link} to={alert.link} onClick={onOpen} fw={alert.read ? 400 : 700} size="sm">
          {alert.title}
          {!alert.read && <VisuallyHidden> (unread)</VisuallyHidden>}
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed">
        {alert.body}
      </Text>
      <Text size="xs" c="dimmed">
        {formatRelative(Date.parse(alert.firedAt))}
        {alert.clearedAt ? ` · resolved ${formatRelative(Date.parse(alert.clearedAt))}` : " · still true"}
      </Text>
    </Stack>
  );
}
