import type { Logger } from "pino";
import { AppleApiError } from "../apple/client.js";
import { TOKEN_REFUSALS } from "../apple/errors.js";
import type { JobSnapshot, SyncStatus } from "../api-types.js";
import { ApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import { isUserJob } from "../contract/index.js";
import { CopyStore } from "./copy-store.js";
import { applyJobResults } from "./job-results.js";
import { readSyncRow, runOf, setSyncState, type RunRecord } from "./run-record.js";
import { delta, DeltaUnavailable, fullRead, type RunContext } from "./runs.js";
import { pagesDone } from "./walk.js";

export interface SyncSettings {
  /** Between deltas of one location (Apple: re-sync regularly; default 5 minutes). */
  intervalMs: number;
  /** Between full re-reads (deltas do not list removals). */
  fullIntervalMs: number;
  /** Locations read at once, so many tokens never burst Apple together. */
  concurrency: number;
}

type Want = "delta" | "full";

interface Progress {
  run: RunRecord;
  pagesDone: number;
}

/** The console is stopping: a read ends at its next page. */
class SyncStopped extends Error {}

/**
 * Keeps each location's copy current: the first import when a location is added, deltas on a
 * staggered timer, a full re-read each day (and on demand), job results as they are confirmed.
 * At most `concurrency` locations read at once; a location reads one thing at a time.
 */
export class SyncService {
  readonly copy: CopyStore;
  private readonly queued = new Map<string, Want>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly progress = new Map<string, Progress>();
  private readonly syncedListeners: ((locationId: string, kind: "import" | "delta" | "full") => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly deps: { db: Db; locations: LocationService; logger: Logger; settings: SyncSettings },
  ) {
    this.copy = new CopyStore(deps.db);
  }

  /** Start the timer and go on with whatever a previous process left half read. */
  start(): void {
    const { locations } = this.deps;
    locations.on("added", (id) => this.request(id, "delta"));
    locations.onRenewed((id) => this.request(id, "delta"));
    locations.on("removed", (id) => this.forget(id));
    for (const l of locations.list()) {
      const row = readSyncRow(this.deps.db, this.copy.locOf(l.id));
      if (row.run || row.gen === 0) this.request(l.id, "delta");
    }
    const tick = Math.max(1000, Math.min(30_000, Math.floor(this.deps.settings.intervalMs / 10)));
    this.timer = setInterval(() => this.due(), tick);
    this.timer.unref();
  }

  /**
   * No new reads; a read under way ends at its next page (kept: the next start goes on from it).
   * Resolves once none runs, so the store can close under nobody — or after `graceMs`, for a read
   * that waits out a hold Apple asked for.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.queued.clear();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise((r) => (grace = setTimeout(r, graceMs))),
    ]);
    clearTimeout(grace);
  }

  /** Ask for a read now (a delta, or a full re-read); what is already queued or running is kept. */
  request(locationId: string, want: Want): void {
    if (this.stopped) return;
    if (this.queued.get(locationId) !== "full") this.queued.set(locationId, want);
    const loc = this.copy.locOf(locationId);
    if (!this.running.has(locationId)) setSyncState(this.deps.db, loc, "queued");
    this.kick();
  }

  status(locationId: string): SyncStatus {
    const row = readSyncRow(this.deps.db, this.copy.locOf(locationId));
    const p = this.progress.get(locationId);
    const running = this.running.has(locationId);
    const wait = running ? this.deps.locations.heldFor(locationId) : 0;
    const changes = row.last_changes
      ? (JSON.parse(row.last_changes) as SyncStatus["lastChanges"])
      : undefined;
    return {
      locationId,
      state: running
        ? "running"
        : row.gen === 0 && row.state === "idle"
          ? "never"
          : (row.state as SyncStatus["state"]),
      ...(p ? { progress: progressOf(p) } : {}),
      ...(row.synced_at ? { syncedAt: new Date(row.synced_at).toISOString() } : {}),
      ...(row.via ? { via: row.via } : {}),
      ...(row.last_error ? { lastError: row.last_error } : {}),
      ...(row.last_full_at ? { lastFullAt: new Date(row.last_full_at).toISOString() } : {}),
      ...(changes ? { lastChanges: changes } : {}),
      ...(wait > 0 ? { waitSeconds: wait } : {}),
      notifications: (row.notify_state as SyncStatus["notifications"] | null) ?? "off",
    };
  }

  /** Called after each successful read of a location. */
  onSynced(listener: (locationId: string, kind: "import" | "delta" | "full") => void): void {
    this.syncedListeners.push(listener);
  }

  /** Resolves when nothing is queued or running for the location (tests, scripts). */
  async settled(locationId: string, timeoutMs = 120_000): Promise<SyncStatus> {
    const deadline = Date.now() + timeoutMs;
    while (this.queued.has(locationId) || this.running.has(locationId)) {
      if (Date.now() > deadline) throw new Error(`sync of ${locationId} still running`);
      await (this.running.get(locationId) ?? new Promise((r) => setTimeout(r, 20)));
    }
    return this.status(locationId);
  }

  /**
   * A finished job's confirmed results go into the copy at once; a delta then checks the counts.
   * A people job's users (their invite codes, their state) come with that delta.
   */
  applyJob(s: JobSnapshot): void {
    const loc = this.copy.locOf(s.locationId);
    if (readSyncRow(this.deps.db, loc).gen === 0) return;
    if (isUserJob(s.type) || applyJobResults(this.deps.db, this.copy, loc, s))
      this.request(s.locationId, "delta");
  }

  private due(): void {
    const { intervalMs, fullIntervalMs } = this.deps.settings;
    const now = Date.now();
    for (const l of this.deps.locations.list()) {
      const row = readSyncRow(this.deps.db, this.copy.locOf(l.id));
      if (row.state === "stopped" || this.running.has(l.id) || this.queued.has(l.id)) continue;
      // Staggered: each location has its own offset inside the interval.
      const offset = (hash(l.id) % 1000) * (intervalMs / 10_000);
      if ((row.synced_at ?? 0) + intervalMs + offset > now) continue;
      this.request(l.id, (row.last_full_at ?? 0) + fullIntervalMs <= now ? "full" : "delta");
    }
  }

  private kick(): void {
    if (this.stopped) return;
    for (const [id, want] of this.queued) {
      if (this.running.size >= this.deps.settings.concurrency) return;
      if (this.running.has(id)) continue;
      this.queued.delete(id);
      const p = this.execute(id, want).finally(() => {
        this.running.delete(id);
        this.progress.delete(id);
        this.kick();
      });
      this.running.set(id, p);
    }
  }

  private async execute(locationId: string, want: Want): Promise<void> {
    const { db, locations, logger } = this.deps;
    const loc = this.copy.locOf(locationId);
    let target;
    try {
      target = locations.usableTarget(locationId, "its copy cannot be brought up to date");
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return;
      return setSyncState(db, loc, "stopped", err instanceof Error ? err.message : String(err));
    }
    setSyncState(db, loc, "running", readSyncRow(db, loc).last_error);
    const ctx: RunContext = {
      db,
      copy: this.copy,
      target,
      loc,
      onPage: () => {
        if (this.stopped) throw new SyncStopped();
        const p = this.progress.get(locationId);
        if (p) p.pagesDone++;
      },
      onPhase: (run) => {
        const p = this.progress.get(locationId);
        if (p) p.run = run;
        else this.progress.set(locationId, { run, pagesDone: run.kind === "delta" ? 0 : pagesDone(db, loc) });
      },
    };
    try {
      const row = readSyncRow(db, loc);
      const resumed = runOf(row);
      const kind = resumed && resumed.kind !== "delta" ? resumed.kind : row.gen === 0 ? "import" : want;
      if (kind !== "delta") await fullRead(ctx, kind);
      else
        await delta(ctx).catch(async (err: unknown) => {
          if (!(err instanceof DeltaUnavailable)) throw err;
          await fullRead(ctx, "full");
        });
      setSyncState(db, loc, "idle");
      for (const listener of this.syncedListeners) listener(locationId, kind);
    } catch (err) {
      // Stopped at a page boundary: what is read is kept, and the next start goes on from it.
      if (err instanceof SyncStopped) return setSyncState(db, loc, "queued");
      const refused = err instanceof AppleApiError && TOKEN_REFUSALS.has(err.error.errorNumber);
      const message = err instanceof Error ? err.message : String(err);
      setSyncState(db, loc, refused ? "stopped" : "failed", message);
      logger.warn(
        { locationId, err: message },
        refused ? "sync stopped: Apple refused the token" : "sync failed",
      );
    }
  }

  private forget(locationId: string): void {
    const row = this.deps.db
      .prepare("SELECT id FROM sync_locations WHERE location_id = ?")
      .get(locationId) as { id: number } | undefined;
    this.queued.delete(locationId);
    if (!row) return;
    const loc = row.id;
    void this.copy.dropGen(loc, null).then(() => {
      this.deps.db.prepare("DELETE FROM copy_assets WHERE loc = ?").run(loc);
      this.deps.db.prepare("DELETE FROM copy_history WHERE loc = ?").run(loc);
      this.deps.db.prepare("DELETE FROM sync_pages WHERE loc = ?").run(loc);
      this.deps.db.prepare("DELETE FROM sync_notifications WHERE loc = ?").run(loc);
    });
  }
}

function progressOf(p: Progress): SyncStatus["progress"] {
  const total = Object.values(p.run.streams).reduce((n, s) => n + (s?.totalPages ?? 0), 0);
  const elapsed = (Date.now() - p.run.startedAt) / 1000;
  const left = Math.max(0, total - p.pagesDone);
  return {
    kind: p.run.kind,
    phase: p.run.phase,
    pagesDone: p.pagesDone,
    pagesTotal: Math.max(total, p.pagesDone),
    startedAt: new Date(p.run.startedAt).toISOString(),
    ...(p.pagesDone >= 3 && total > 0 ? { etaSeconds: Math.ceil((elapsed / p.pagesDone) * left) } : {}),
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
