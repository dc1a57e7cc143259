import type { Response } from "express";
import type { Db } from "../store/db.js";
import { assignmentFilter, currentOf, type AssignmentFilter } from "../sync/copy-reads.js";
import { assignmentsKind, CsvDownload, exportFilename } from "./csv.js";

export const ASSIGNMENT_COLUMNS = [
  "adamId",
  "name",
  "productType",
  "pricingParam",
  "assigneeType",
  "serialNumber",
  "clientUserId",
  "userStatus",
  "email",
  "personName",
];

const SLICE = 5000;

/** True when the location has a copy to export from. */
export function hasCopy(db: Db, locationId: string): boolean {
  return currentOf(db, locationId).gen > 0;
}

/**
 * Assignments from the location's copy: no request to Apple. The file name carries the time of
 * the last sync, and a closing note says where the rows came from.
 */
export async function exportAssignmentsFromCopy(
  db: Db,
  res: Response,
  locationId: string,
  locationName: string,
  names: Record<string, { name: string }>,
  f: AssignmentFilter,
): Promise<void> {
  const c = currentOf(db, locationId);
  const syncedAt = c.syncedAt ? new Date(c.syncedAt) : new Date();
  const { where, args } = assignmentFilter(c, f, "c.");
  const slice = (after: (string | number)[] | undefined) =>
    db
      .prepare(
        `SELECT c.adam_id, c.pricing_param, c.kind, c.target, a.product_type, u.status, u.email, p.name
         FROM copy_assignments c
         LEFT JOIN copy_assets a ON a.loc = c.loc AND a.adam_id = c.adam_id AND a.pricing_param = c.pricing_param
         LEFT JOIN copy_users u ON c.kind = 'user' AND u.loc = c.loc AND u.gen = c.gen AND u.client_user_id = c.target
         LEFT JOIN people p ON c.kind = 'user' AND p.location_id = ? AND p.client_user_id = c.target
         WHERE ${where.join(" AND ")} ${after ? "AND (c.adam_id, c.pricing_param, c.kind, c.target) > (?, ?, ?, ?)" : ""}
         ORDER BY c.adam_id, c.pricing_param, c.kind, c.target LIMIT ${SLICE}`,
      )
      .all(locationId, ...args, ...(after ?? [])) as {
      adam_id: string;
      pricing_param: string;
      kind: "device" | "user";
      target: string;
      product_type: string | null;
      status: string | null;
      email: string | null;
      name: string | null;
    }[];
  const csv = new CsvDownload(
    res,
    exportFilename(
      `${assignmentsKind(f, f.adamId ? names[f.adamId]?.name : undefined)}-synced`,
      locationName,
      syncedAt,
    ),
    ASSIGNMENT_COLUMNS,
  );
  let after: (string | number)[] | undefined;
  for (;;) {
    const rows = slice(after);
    await csv.write(
      rows.map((r) => [
        r.adam_id,
        names[r.adam_id]?.name ?? "",
        r.product_type ?? "",
        r.pricing_param,
        r.kind,
        r.kind === "device" ? r.target : "",
        r.kind === "user" ? r.target : "",
        r.status ?? "",
        r.email ?? "",
        r.name ?? "",
      ]),
    );
    const last = rows[rows.length - 1];
    if (!last || rows.length < SLICE) break;
    after = [last.adam_id, last.pricing_param, last.kind, last.target];
  }
  await csv.write([
    [
      `NOTE: from the console's copy of this location, last brought up to date with Apple at ${syncedAt.toISOString()}${c.via ? ` (${c.via})` : ""}.`,
    ],
  ]);
  await csv.end();
}
