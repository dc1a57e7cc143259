import { Anchor, Badge, Text } from "@mantine/core";
import type { LocationSummary } from "@vpp/proxy/contract";
import { Link } from "react-router";
import { createAppColumnHelper } from "../../../components/data-table/table-hook";
import { expiryLook } from "../../../lib/expiry";
import { formatCount, formatRelative } from "../../../lib/format";

const col = createAppColumnHelper<LocationSummary>();

/** Not read yet is unknown, never zero. */
const known = (s: LocationSummary) => s.sync.syncedAt !== undefined;
const count = (s: LocationSummary, n: number) => (known(s) ? formatCount(n) : "—");

const SYNC_LOOK: Record<string, { label: string; color: string }> = {
  idle: { label: "Current", color: "teal" },
  running: { label: "Reading", color: "blue" },
  queued: { label: "Waiting", color: "blue" },
  failed: { label: "Failing", color: "red" },
  stopped: { label: "Stopped", color: "red" },
  never: { label: "Not read", color: "gray" },
};

/** A count from the copy; sorted with unknown (not read yet) below zero. */
const countColumn = (id: "owned" | "assigned" | "available", header: string) =>
  col.accessor((s) => (known(s) ? s[id] : -1), {
    id,
    header,
    sortFn: "basic",
    cell: (info) => count(info.row.original, info.row.original[id]),
  });

export const summaryColumns = col.columns([
  col.accessor((s) => s.location.locationName, {
    id: "location",
    header: "Location",
    sortFn: "text",
    cell: (info) => (
      <>
        <Anchor component={Link} to={`/l/${info.row.original.location.id}`}>
          {info.getValue()}
        </Anchor>
        <Text size="xs" c="dimmed">
          {info.row.original.location.orgName}
        </Text>
      </>
    ),
  }),
  countColumn("owned", "Owned"),
  countColumn("assigned", "Assigned"),
  countColumn("available", "Available"),
  col.accessor((s) => (known(s) ? s.runningOut : -1), {
    id: "runningOut",
    header: "Running out",
    sortFn: "basic",
    cell: (info) =>
      !known(info.row.original) ? (
        "—"
      ) : info.getValue() > 0 ? (
        <Badge maw="none" color="orange" autoContrast>
          {info.getValue()} title{info.getValue() === 1 ? "" : "s"}
        </Badge>
      ) : (
        "None"
      ),
  }),
  col.accessor((s) => s.location.daysToExpiry, {
    id: "expiry",
    header: "Token",
    sortFn: "basic",
    cell: (info) => {
      const l = info.row.original.location;
      const look = expiryLook(l.expiryState, l.daysToExpiry);
      return (
        <Badge maw="none" color={look.color} autoContrast>
          {l.tokenRefused ? "Refused by Apple" : look.label}
        </Badge>
      );
    },
  }),
  col.accessor(
    (s) => (s.location.managedByOther ? (s.location.mdmInfo?.name ?? "Another MDM") : "This console"),
    {
      id: "manager",
      header: "Managed by",
      sortFn: "text",
    },
  ),
  col.accessor((s) => s.sync.syncedAt ?? "", {
    id: "sync",
    header: "Last sync",
    sortFn: "text",
    cell: (info) => {
      const s = info.row.original.sync;
      const look = SYNC_LOOK[s.state] ?? { label: s.state, color: "gray" };
      return (
        <>
          <Badge maw="none" color={look.color} autoContrast>
            {look.label}
          </Badge>
          <Text size="xs" c="dimmed">
            {s.syncedAt ? formatRelative(Date.parse(s.syncedAt)) : "never"}
            {s.lastError && (s.state === "failed" || s.state === "stopped") ? ` · ${s.lastError}` : ""}
          </Text>
        </>
      );
    },
  }),
  col.accessor((s) => s.jobsWithFailures, {
    id: "failures",
    header: "Jobs with failures (30 days)",
    sortFn: "basic",
    cell: (info) =>
      info.getValue() > 0 ? (
        <Anchor component={Link} to={`/l/${info.row.original.location.id}/jobs`}>
          {info.getValue()}
        </Anchor>
      ) : (
        "0"
      ),
  }),
]);
