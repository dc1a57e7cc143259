import type { Person } from "../api-types.js";
import type { Db } from "../store/db.js";

export type { Person };

interface PersonRow {
  client_user_id: string;
  name: string;
  email: string | null;
  managed_apple_id: string | null;
  groups: string;
  source: Person["source"];
}

const toPerson = (r: PersonRow): Person => ({
  clientUserId: r.client_user_id,
  name: r.name,
  email: r.email,
  managedAppleId: r.managed_apple_id,
  groups: JSON.parse(r.groups) as string[],
  source: r.source,
});

/**
 * The console's directory of a location's users: clientUserId → name, e-mail, groups. Kept for the
 * people the console registered, imported (CSV) for those it did not. Apple never sees names.
 */
export class PeopleDirectory {
  constructor(private readonly db: Db) {}

  /** Add or update people (a registered person stays "registered" when re-imported). */
  upsert(locationId: string, people: Omit<Person, "source">[], source: Person["source"]): void {
    const now = Date.now();
    const put = this.db.prepare(
      `INSERT INTO people (location_id, client_user_id, name, email, managed_apple_id, groups, source, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (location_id, client_user_id) DO UPDATE SET name = excluded.name,
         email = COALESCE(excluded.email, people.email),
         managed_apple_id = COALESCE(excluded.managed_apple_id, people.managed_apple_id),
         groups = excluded.groups, updated_at = excluded.updated_at,
         source = CASE WHEN people.source = 'registered' THEN 'registered' ELSE excluded.source END`,
    );
    const clear = this.db.prepare("DELETE FROM people_groups WHERE location_id = ? AND client_user_id = ?");
    const join = this.db.prepare(
      "INSERT OR IGNORE INTO people_groups (location_id, grp, client_user_id) VALUES (?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const p of people) {
        put.run(
          locationId,
          p.clientUserId,
          p.name,
          p.email,
          p.managedAppleId,
          JSON.stringify(p.groups),
          source,
          now,
        );
        clear.run(locationId, p.clientUserId);
        for (const g of p.groups) join.run(locationId, g, p.clientUserId);
      }
    })();
  }

  /** A new e-mail or managed Apple ID after Apple confirmed an update. */
  setContact(
    locationId: string,
    clientUserId: string,
    email: string | null,
    managedAppleId: string | null,
  ): void {
    this.db
      .prepare(
        `UPDATE people SET email = COALESCE(?, email), managed_apple_id = COALESCE(?, managed_apple_id), updated_at = ?
         WHERE location_id = ? AND client_user_id = ?`,
      )
      .run(email, managedAppleId, Date.now(), locationId, clientUserId);
  }

  /** clientUserId → name, for a location's exports. */
  names(locationId: string): Map<string, string> {
    const rows = this.db
      .prepare("SELECT client_user_id, name FROM people WHERE location_id = ? AND name != ''")
      .all(locationId) as { client_user_id: string; name: string }[];
    return new Map(rows.map((r) => [r.client_user_id, r.name]));
  }

  get(locationId: string, clientUserId: string): Person | undefined {
    const r = this.db
      .prepare("SELECT * FROM people WHERE location_id = ? AND client_user_id = ?")
      .get(locationId, clientUserId) as PersonRow | undefined;
    return r ? toPerson(r) : undefined;
  }

  /** The location's groups with how many people each holds, by name. */
  groups(locationId: string): { group: string; people: number }[] {
    return this.db
      .prepare(
        'SELECT grp AS "group", count(*) AS people FROM people_groups WHERE location_id = ? GROUP BY grp ORDER BY grp COLLATE NOCASE',
      )
      .all(locationId) as { group: string; people: number }[];
  }

  /** Everyone in a group (any case), by clientUserId. */
  members(locationId: string, group: string): string[] {
    return (
      this.db
        .prepare(
          "SELECT client_user_id FROM people_groups WHERE location_id = ? AND grp = ? ORDER BY client_user_id",
        )
        .all(locationId, group) as { client_user_id: string }[]
    ).map((r) => r.client_user_id);
  }
}
