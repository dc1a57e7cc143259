import { Alert, Anchor, Button, Group, Text } from "@mantine/core";
import { Link } from "react-router";
import type { JobPause } from "../../../lib/api-types";

interface Props {
  pause: JobPause;
  /** Admins may confirm a takeover and send the rest. */
  onConfirmTakeover?: (() => void) | undefined;
  busy?: boolean;
}

/** Why a job stopped calling Apple, and the one thing that lets it go on. */
export function JobPausedAlert({ pause, onConfirmTakeover, busy }: Props) {
  return (
    <Alert color="yellow" title="The job is paused" role="alert">
      <Text size="sm">{pause.message}</Text>
      <Group mt="sm">
        {pause.code === "TOKEN_REFUSED" ? (
          <Anchor component={Link} to="/locations">
            Upload the newest token on the Locations page
          </Anchor>
        ) : (
          onConfirmTakeover && (
            <Button size="xs" color="dark" onClick={onConfirmTakeover} loading={busy}>
              Confirm the takeover and send the rest
            </Button>
          )
        )}
      </Group>
    </Alert>
  );
}
