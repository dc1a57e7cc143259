import { Badge } from "@mantine/core";
import type { Location } from "../../lib/api/locations";
import { expiryLook } from "../../lib/expiry";

/** The token's expiry countdown. */
export function ExpiryBadge({ location }: { location: Location }) {
  const { color, label } = expiryLook(location.expiryState, location.daysToExpiry);
  return (
    <Badge color={color} variant={location.expiryState === "ok" ? "light" : "filled"}>
      {label}
    </Badge>
  );
}
