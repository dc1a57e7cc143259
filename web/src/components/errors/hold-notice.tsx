import { Alert, Text, VisuallyHidden } from "@mantine/core";
import { useHoldSeconds } from "../../lib/holds";

/**
 * "Apple asked the console to wait": shown on every screen of a location while Apple's wait lasts,
 * with its countdown; whatever is on screen stays until the console tries again by itself.
 */
export function HoldNotice({ locationId }: { locationId: string }) {
  const seconds = useHoldSeconds(locationId);
  if (seconds <= 0) return null;
  return (
    <Alert color="yellow" title="Apple asked the console to wait" role="status">
      <Text size="sm">
        Apple is busy and asked its callers to hold off.{" "}
        <span aria-hidden="true">The console tries again by itself in {seconds} s.</span>
        <VisuallyHidden>The console tries again by itself in a moment.</VisuallyHidden> What is on screen
        stays until then; nothing is lost.
      </Text>
    </Alert>
  );
}
