import { Anchor, Badge, Checkbox, Text } from "@mantine/core";
import { Link } from "react-router";
import { createAppColumnHelper } from "../../../components/data-table/table-hook";
import type { Holding } from "../api/get-assignments";

type Assignment = Holding;
const col = createAppColumnHelper<Assignment>();

const STATUS_COLOR: Record<string, string> = {
  Associated: "teal",
  Registered: "blue",
  Retired: "gray",
  Deleted: "gray",
};

export const holderId = (a: Assignment) =>
  a.serialNumber !== undefined ? `s:${a.serialNumber}` : `u:${a.clientUserId}`;

/** Columns of "who holds this asset": the device or user, linking to their own view; optionally selectable. */
export const holderColumns = (
  locationId: string,
  selection?: { selected: ReadonlySet<string>; toggle: (id: string) => void },
) =>
  col.columns([
    ...(selection
      ? [
          col.display({
            id: "select",
            header: "",
            cell: (info) => {
              const id = holderId(info.row.original);
              const name = info.row.original.serialNumber ?? info.row.original.clientUserId ?? "";
              return (
                <Checkbox
                  aria-label={`Select ${name}`}
                  checked={selection.selected.has(id)}
                  onChange={() => selection.toggle(id)}
                  onClick={(e) => e.stopPropagation()}
                />
              );
            },
          }),
        ]
      : []),
    col.accessor((a) => (a.serialNumber ? "Device" : "User"), {
      id: "kind",
      header: "Held by",
      sortFn: "text",
    }),
    col.accessor((a) => `${a.name ?? ""} ${a.serialNumber ?? a.clientUserId ?? ""} ${a.email ?? ""}`.trim(), {
      id: "holder",
      header: "Serial number or user",
      sortFn: "text",
      cell: (info) => {
        const a = info.row.original;
        const to = a.serialNumber
          ? `/l/${locationId}/devices/${encodeURIComponent(a.serialNumber)}`
          : `/l/${locationId}/users/${encodeURIComponent(a.clientUserId ?? "")}`;
        if (a.name)
          return (
            <>
              <Anchor component={Link} to={to} size="sm">
                {a.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {[a.email, a.clientUserId].filter(Boolean).join(" · ")}
              </Text>
            </>
          );
        return (
          <>
            <Anchor component={Link} to={to} ff="monospace" size="sm">
              {a.serialNumber ?? a.clientUserId}
            </Anchor>
            {a.email && (
              <Text size="xs" c="dimmed">
                {a.email}
              </Text>
            )}
          </>
        );
      },
    }),
    col.accessor((a) => a.userStatus ?? "", {
      id: "userStatus",
      header: "User state",
      sortFn: "text",
      cell: (info) =>
        info.getValue() ? (
          <Badge variant="light" color={STATUS_COLOR[info.getValue()] ?? "gray"}>
            {info.getValue()}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    }),
  ]);
