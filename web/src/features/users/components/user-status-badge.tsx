import { Badge } from "@mantine/core";
import type { UserStatus } from "../../../lib/apple";

const COLOR: Record<UserStatus, string> = {
  Associated: "teal",
  Registered: "blue",
  Retired: "gray",
  Deleted: "gray",
};

export function UserStatusBadge({ status }: { status: UserStatus }) {
  return (
    <Badge variant="light" color={COLOR[status]}>
      {status}
    </Badge>
  );
}
