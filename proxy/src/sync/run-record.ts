import type { SyncProgress, SyncVia } from "../api-types.js";
import type { Db } from "../store/db.js";
import type { Stream, StreamMark } from "./walk.js";

/** A read in progress, kept in the store so a restart resumes it instead of starting over. */
export interface RunRecord {
  kind: SyncProgress["kind"];
  gen: number;
  startedAt: number;
  phase: SyncProgress["phase"];
  streams: Partial<Record<Stream, StreamMark>>;
}

export interface SyncRow {
  id: number;
  location_id: string;
  gen: number;
  state: string;
  run: string | null;
  assets_version: string | null;
  assignments_version: string | null;
  users_version: string | null;
  synced_at: number | null;
  via: SyncVia | null;
  last_error: string | null;
  last_full_at: number | null;
  last_changes: string | null;
  notify_key: string | null;
  notify_hash: string | null;
  notify_state: string | null;
}

export function readSyncRow(db: Db, loc: number): SyncRow {
  return db.prepare("SELECT * FROM sync_locations WHERE id = ?").get(loc) as SyncRow;
}

export function runOf(row: SyncRow): RunRecord | undefined {
  return row.run ? (JSON.parse(row.run) as RunRecord) : undefined;
}

export function saveRun(db: Db, loc: number, run: RunRecord | null): void {
  db.prepare("UPDATE sync_locations SET run = ? WHERE id = ?").run(run ? JSON.stringify(run) : null, loc);
}

export function setSyncState(db: Db, loc: number, state: string, lastError: string | null = null): void {
  db.prepare("UPDATE sync_locations SET state = ?, last_error = ? WHERE id = ?").run(state, lastError, loc);
}
