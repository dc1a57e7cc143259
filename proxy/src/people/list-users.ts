import type { CopyList, CopyUser } from "../api-types.js";
import type { UserQuery } from "../contract/schemas.js";
import type { Db } from "../store/db.js";
import { currentOf, decodeCursor, encodeCursor, fresh } from "../sync/copy-reads.js";

const like = (q: string) => q.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Apple's users from the copy, each with its name and groups from the directory, by clientUserId;
 * filters: status, group, and a search (prefix of clientUserId or e-mail, part of the name).
 */
export function listUsers(db: Db, locationId: string, q: UserQuery): CopyList<CopyUser> {
  const c = currentOf(db, locationId);
  const where = ["u.loc = ?", "u.gen = ?"];
  const args: (string | number)[] = [locationId, c.loc, c.gen];
  if (q.status !== undefined) {
    where.push("u.status = ?");
    args.push(q.status);
  }
  if (q.group !== undefined) {
    where.push(
      "u.client_user_id IN (SELECT client_user_id FROM people_groups WHERE location_id = ? AND grp = ?)",
    );
    args.push(locationId, q.group);
  }
  if (q.q !== undefined) {
    where.push(
      "(u.client_user_id LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\' OR p.email LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' OR p.groups LIKE ? ESCAPE '\\')",
    );
    args.push(`${like(q.q)}%`, `${like(q.q)}%`, `${like(q.q)}%`, `%${like(q.q)}%`, `%${like(q.q)}%`);
  }
  const from = `copy_users u LEFT JOIN people p ON p.location_id = ? AND p.client_user_id = u.client_user_id
    WHERE ${where.join(" AND ")}`;
  const total = (db.prepare(`SELECT count(*) AS n FROM ${from}`).get(...args) as { n: number }).n;
  const after = decodeCursor(q.cursor, 1);
  const rows = db
    .prepare(
      `SELECT u.*, p.name, p.groups, (SELECT count(*) FROM copy_assignments a WHERE a.target = u.client_user_id
         AND a.loc = u.loc AND a.gen = u.gen AND a.kind = 'user') AS held
       FROM ${from} ${after ? "AND u.client_user_id > ?" : ""}
       ORDER BY u.client_user_id LIMIT ?`,
    )
    .all(...args, ...(after ?? []), q.limit + 1) as {
    client_user_id: string;
    status: CopyUser["status"];
    email: string | null;
    id_hash: string | null;
    invite_code: string | null;
    held: number;
    name: string | null;
    groups: string | null;
  }[];
  const more = rows.length > q.limit;
  const items = (more ? rows.slice(0, q.limit) : rows).map((r): CopyUser => ({
    clientUserId: r.client_user_id,
    status: r.status,
    ...(r.email ? { email: r.email } : {}),
    ...(r.id_hash ? { idHash: r.id_hash } : {}),
    ...(r.invite_code ? { inviteCode: r.invite_code } : {}),
    held: r.held,
    ...(r.name ? { name: r.name } : {}),
    ...(r.groups && r.groups !== "[]" ? { groups: JSON.parse(r.groups) as string[] } : {}),
  }));
  const last = items[items.length - 1];
  return {
    items,
    total,
    ...(more && last ? { nextCursor: encodeCursor([last.clientUserId]) } : {}),
    ...fresh(c),
  };
}
