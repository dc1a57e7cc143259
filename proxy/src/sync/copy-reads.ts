import type { CopyAsset, CopyAssignment, CopyList, CopyUser, SyncVia } from "../api-types.js";
import type { PricingParam } from "../apple/types.js";
import { ApiError } from "../http/errors.js";
import type { Db } from "../store/db.js";
import type { AssignmentQuery } from "../contract/schemas.js";

interface Current {
  loc: number;
  gen: number;
  syncedAt?: string;
  via?: SyncVia;
}

/** The location's copy as it stands (its current generation and freshness). */
export function currentOf(db: Db, locationId: string): Current {
  const row = db
    .prepare("SELECT id, gen, synced_at, via FROM sync_locations WHERE location_id = ?")
    .get(locationId) as
    { id: number; gen: number; synced_at: number | null; via: SyncVia | null } | undefined;
  if (!row) return { loc: -1, gen: -1 };
  return {
    loc: row.id,
    gen: row.gen,
    ...(row.synced_at ? { syncedAt: new Date(row.synced_at).toISOString() } : {}),
    ...(row.via ? { via: row.via } : {}),
  };
}

export const fresh = (c: Current) => ({
  ...(c.syncedAt ? { syncedAt: c.syncedAt } : {}),
  ...(c.via ? { via: c.via } : {}),
});

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, length: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (
      Array.isArray(v) &&
      v.length === length &&
      v.every((x) => typeof x === "string" || typeof x === "number")
    )
      return v as (string | number)[];
  } catch {
    // answered below
  }
  throw new ApiError(
    400,
    "BAD_CURSOR",
    "The cursor is not one this server gave out; start from the first page.",
  );
}

interface AssetRow {
  adam_id: string;
  pricing_param: PricingParam;
  product_type: "App" | "Book";
  device_assignable: number;
  revocable: number;
  unlimited: number;
  total: number | null;
  assigned: number;
  available: number | null;
  retired: number | null;
  platforms: string;
  name: string | null;
}

/** Every asset of the location with its counts (and name, once looked up). Few enough for one answer. */
export function listAssets(db: Db, locationId: string): CopyList<CopyAsset> {
  const c = currentOf(db, locationId);
  const rows = db
    .prepare(
      `SELECT a.*, json_extract(m.body, '$.name') AS name FROM copy_assets a
       JOIN sync_locations s ON s.id = a.loc JOIN locations l ON l.id = s.location_id
       LEFT JOIN metadata m ON m.upstream = l.upstream || ':' || l.u_id AND m.adam_id = a.adam_id
       WHERE a.loc = ? ORDER BY a.adam_id, a.pricing_param`,
    )
    .all(c.loc) as AssetRow[];
  const items = rows.map((r): CopyAsset => ({
    adamId: r.adam_id,
    pricingParam: r.pricing_param,
    productType: r.product_type,
    deviceAssignable: r.device_assignable === 1,
    revocable: r.revocable === 1,
    unlimited: r.unlimited === 1,
    totalCount: r.total,
    assignedCount: r.assigned,
    availableCount: r.available,
    retiredCount: r.retired,
    supportedPlatforms: JSON.parse(r.platforms) as string[],
    ...(r.name ? { name: r.name } : {}),
  }));
  return { items, total: items.length, ...fresh(c) };
}

export interface AssignmentFilter {
  adamId?: string | undefined;
  pricingParam?: string | undefined;
  serialNumber?: string | undefined;
  clientUserId?: string | undefined;
  kind?: "device" | "user" | undefined;
}

/** The WHERE terms of the copy's assignments for a filter (columns optionally prefixed, "c."). */
export function assignmentFilter(c: { loc: number; gen: number }, f: AssignmentFilter, prefix = "") {
  const where = [`${prefix}loc = ?`, `${prefix}gen = ?`];
  const args: (string | number)[] = [c.loc, c.gen];
  if (f.adamId !== undefined) {
    where.push(`${prefix}adam_id = ?`, `${prefix}pricing_param = ?`);
    args.push(f.adamId, f.pricingParam ?? "STDQ");
  }
  const kind = f.serialNumber !== undefined ? "device" : f.clientUserId !== undefined ? "user" : f.kind;
  if (kind !== undefined) {
    where.push(`${prefix}kind = ?`);
    args.push(kind);
  }
  const target = f.serialNumber ?? f.clientUserId;
  if (target !== undefined) {
    where.push(`${prefix}target = ?`);
    args.push(target);
  }
  return { where, args };
}

/** Assignments filtered on the server, in key order, one page after the cursor. */
export function listAssignments(db: Db, locationId: string, q: AssignmentQuery): CopyList<CopyAssignment> {
  const c = currentOf(db, locationId);
  const { where, args } = assignmentFilter(c, q);
  if (q.q !== undefined) {
    // A prefix of the serial number or clientUserId, through the target index.
    where.push("target >= ? AND target < ?");
    args.push(q.q, `${q.q}\uffff`);
  }
  const filter = where.join(" AND ");
  const total = (
    db.prepare(`SELECT count(*) AS n FROM copy_assignments WHERE ${filter}`).get(...args) as { n: number }
  ).n;
  const after = decodeCursor(q.cursor, 4);
  const page = db
    .prepare(
      `SELECT c.adam_id, c.pricing_param, c.kind, c.target, u.status, u.email, p.name FROM (
         SELECT loc, gen, adam_id, pricing_param, kind, target FROM copy_assignments WHERE ${filter}
         ${after ? "AND (adam_id, pricing_param, kind, target) > (?, ?, ?, ?)" : ""}
         ORDER BY adam_id, pricing_param, kind, target LIMIT ?) c
       LEFT JOIN copy_users u ON c.kind = 'user' AND u.loc = c.loc AND u.gen = c.gen AND u.client_user_id = c.target
       LEFT JOIN people p ON c.kind = 'user' AND p.location_id = ? AND p.client_user_id = c.target
       ORDER BY c.adam_id, c.pricing_param, c.kind, c.target`,
    )
    .all(...args, ...(after ?? []), q.limit + 1, locationId) as {
    adam_id: string;
    pricing_param: PricingParam;
    kind: "device" | "user";
    target: string;
    status: CopyUser["status"] | null;
    email: string | null;
    name: string | null;
  }[];
  const more = page.length > q.limit;
  const rows = more ? page.slice(0, q.limit) : page;
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) =>
      r.kind === "device"
        ? { adamId: r.adam_id, pricingParam: r.pricing_param, serialNumber: r.target }
        : {
            adamId: r.adam_id,
            pricingParam: r.pricing_param,
            clientUserId: r.target,
            ...(r.status ? { userStatus: r.status } : {}),
            ...(r.email ? { email: r.email } : {}),
            ...(r.name ? { name: r.name } : {}),
          },
    ),
    total,
    ...(more && last
      ? { nextCursor: encodeCursor([last.adam_id, last.pricing_param, last.kind, last.target]) }
      : {}),
    ...fresh(c),
  };
}
