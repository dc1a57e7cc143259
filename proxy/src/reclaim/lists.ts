import crypto from "node:crypto";
import type { ListKind, ReclaimList } from "../contract/reclaim.js";
import { ApiError } from "../http/errors.js";
import type { Db } from "../store/db.js";
import type { ListFile } from "./list-file.js";

interface ListRow {
  id: string;
  kind: ListKind;
  name: string;
  key_column: string;
  seen_column: string | null;
  entries: number;
  uploaded_by: string;
  uploaded_at: number;
}

const toList = (r: ListRow): ReclaimList => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  entries: r.entries,
  keyColumn: r.key_column,
  seenColumn: r.seen_column,
  uploadedBy: r.uploaded_by,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
});

/** Uploaded inventories and rosters (the organisation's, shared by every location's rules). */
export class ReclaimLists {
  constructor(private readonly db: Db) {}

  save(file: ListFile, name: string, actor: string): ReclaimList {
    const id = crypto.randomUUID();
    const p = file.preview;
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO reclaim_lists (id, kind, name, key_column, seen_column, entries, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(id, p.kind, name, p.keyColumn, p.seenColumn, file.entries.size, actor, Date.now());
      const insert = this.db.prepare(
        "INSERT INTO reclaim_list_entries (list_id, key, seen_at) VALUES (?, ?, ?)",
      );
      for (const [key, seen] of file.entries) insert.run(id, key, seen);
    })();
    return this.get(id);
  }

  list(): ReclaimList[] {
    return (this.db.prepare("SELECT * FROM reclaim_lists ORDER BY uploaded_at DESC").all() as ListRow[]).map(
      toList,
    );
  }

  get(id: string, kind?: ListKind): ReclaimList {
    const r = this.db.prepare("SELECT * FROM reclaim_lists WHERE id = ?").get(id) as ListRow | undefined;
    if (!r || (kind && r.kind !== kind))
      throw new ApiError(404, "LIST_NOT_FOUND", `There is no such ${kind ?? "list"}; upload it again.`);
    return toList(r);
  }

  /** Rules that read the list (it cannot be deleted under them). */
  usedBy(id: string): string[] {
    return (
      this.db.prepare("SELECT name FROM reclaim_rules WHERE query LIKE ?").all(`%"listId":"${id}"%`) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }

  delete(id: string): void {
    this.get(id);
    const rules = this.usedBy(id);
    if (rules.length)
      throw new ApiError(
        409,
        "LIST_IN_USE",
        `Rules read this list: ${rules.join(", ")}. Change or delete them first.`,
      );
    this.db.prepare("DELETE FROM reclaim_lists WHERE id = ?").run(id);
  }
}
