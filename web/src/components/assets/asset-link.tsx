import { Anchor, Group, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { AssetIcon } from "./asset-icon";

interface Props {
  locationId: string;
  asset: { adamId: string; pricingParam: string; name: string; iconUrl?: string | undefined };
  /** A line under the name (adamId, notes). */
  detail?: ReactNode;
}

/** An app or book's icon and name, linking to its page (keyboard reachable, row clicks unaffected). */
export function AssetLink({ locationId, asset, detail }: Props) {
  return (
    <Group gap="sm" wrap="nowrap">
      <AssetIcon name={asset.name} iconUrl={asset.iconUrl} />
      <Stack gap={0}>
        <Anchor
          component={Link}
          to={`/l/${locationId}/assets/${asset.adamId}/${asset.pricingParam}`}
          size="sm"
          fw={600}
          lineClamp={1}
          onClick={(e) => e.stopPropagation()}
        >
          {asset.name}
        </Anchor>
        {detail}
      </Stack>
    </Group>
  );
}
