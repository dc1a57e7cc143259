import { Avatar } from "@mantine/core";

/** The app or book icon, or initials when Apple has none (custom apps). */
export function AssetIcon({
  name,
  iconUrl,
  size = 32,
}: {
  name: string;
  iconUrl?: string | undefined;
  size?: number;
}) {
  return (
    <Avatar src={iconUrl ?? null} alt="" size={size} radius="md" color="gray">
      {name.slice(0, 2).toUpperCase()}
    </Avatar>
  );
}
