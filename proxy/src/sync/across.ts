import type { LocationSummary, LocationView, SearchHit, SyncStatus } from "../api-types.js";
import type { Db } from "../store/db.js";

/** Serials, clientUserIds, e-mails, adamIds and names, in every location's copy at once. */
export function searchAll(db: Db, q: string, limit: number): SearchHit[] {
  const hits: SearchHit[] = [];
  const names = new Map(
    (
      db.prepare("SELECT id, location_name FROM locations").all() as { id: string; location_name: string }[]
    ).map((r) => [r.id, r.location_name]),
  );
  const hit = (h: Omit<SearchHit, "locationName">) =>
    hits.push({ ...h, locationName: names.get(h.locationId) ?? h.locationId });
  const upper = q.toUpperCase();
  // Serials are upper-case at Apple; a prefix search on the target index in both spellings.
  const devices = db.prepare(
    `SELECT s.location_id, c.target, count(*) AS n FROM copy_assignments c
     JOIN sync_locations s ON s.id = c.loc AND s.gen = c.gen
     WHERE c.target >= ? AND c.target < ? AND c.kind = 'device' GROUP BY s.location_id, c.target LIMIT ?`,
  );
  const seen = new Set<string>();
  for (const prefix of upper === q ? [q] : [upper, q]) {
    for (const r of devices.all(prefix, `${prefix}\uffff`, limit) as {
      location_id: string;
      target: string;
      n: number;
    }[]) {
      if (seen.has(`${r.location_id}:${r.target}`)) continue;
      seen.add(`${r.location_id}:${r.target}`);
      hit({
        kind: "device",
        locationId: r.location_id,
        key: r.target,
        label: r.target,
        detail: licences(r.n),
      });
    }
  }
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const users = db
    .prepare(
      `SELECT s.location_id, u.client_user_id, u.email, u.status, p.name FROM copy_users u
       JOIN sync_locations s ON s.id = u.loc AND s.gen = u.gen
       LEFT JOIN people p ON p.location_id = s.location_id AND p.client_user_id = u.client_user_id
       WHERE u.client_user_id LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' LIMIT ?`,
    )
    .all(like, like, like, limit) as {
    location_id: string;
    client_user_id: string;
    email: string | null;
    status: string;
    name: string | null;
  }[];
  for (const u of users)
    hit({
      kind: "user",
      locationId: u.location_id,
      key: u.client_user_id,
      label: u.name || u.email || u.client_user_id,
      detail: [u.name ? u.email : null, u.client_user_id, u.status].filter(Boolean).join(" · "),
    });
  const assets = db
    .prepare(
      `SELECT s.location_id, a.adam_id, a.pricing_param, json_extract(m.body, '$.name') AS name FROM copy_assets a
       JOIN sync_locations s ON s.id = a.loc JOIN locations l ON l.id = s.location_id
       LEFT JOIN metadata m ON m.upstream = l.upstream || ':' || l.u_id AND m.adam_id = a.adam_id
       WHERE a.adam_id = ? OR json_extract(m.body, '$.name') LIKE ? ESCAPE '\\' LIMIT ?`,
    )
    .all(q, like, limit) as {
    location_id: string;
    adam_id: string;
    pricing_param: string;
    name: string | null;
  }[];
  for (const a of assets)
    hit({
      kind: "asset",
      locationId: a.location_id,
      key: `${a.adam_id}:${a.pricing_param}`,
      label: a.name ?? a.adam_id,
      detail: `${a.adam_id} · ${a.pricing_param}`,
    });
  return hits.slice(0, limit * 3);
}

const licences = (n: number) => `${n} licence${n === 1 ? "" : "s"}`;

/** One line per location for the all-locations screen: counts from the copy, token, owner, sync, jobs. */
export function summarise(db: Db, location: LocationView, sync: SyncStatus): LocationSummary {
  const c = db
    .prepare(
      `SELECT coalesce(sum(total), 0) AS owned, coalesce(sum(CASE WHEN unlimited = 0 THEN assigned END), 0) AS assigned,
       coalesce(sum(available), 0) AS available, count(*) AS titles, coalesce(sum(unlimited), 0) AS unlimited,
       coalesce(sum(CASE WHEN unlimited = 0 AND total > 0 AND available < 10 THEN 1 ELSE 0 END), 0) AS running_out
       FROM copy_assets a JOIN sync_locations s ON s.id = a.loc WHERE s.location_id = ?`,
    )
    .get(location.id) as {
    owned: number;
    assigned: number;
    available: number;
    titles: number;
    unlimited: number;
    running_out: number;
  };
  const failed = db
    .prepare("SELECT count(*) AS n FROM jobs WHERE location_id = ? AND state = 'failed' AND created_at > ?")
    .get(location.id, Date.now() - 30 * 86_400_000) as { n: number };
  return {
    location,
    sync,
    owned: c.owned,
    assigned: c.assigned,
    available: c.available,
    titles: c.titles,
    unlimitedTitles: c.unlimited,
    runningOut: c.running_out,
    jobsWithFailures: failed.n,
  };
}
