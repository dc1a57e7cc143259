import { AppleApiError, type UpstreamTarget } from "../apple/client.js";
import { walkApplePages, type WalkResult } from "../apple/pages.js";
import type {
  GetAssetsResponse,
  GetAssignmentsResponse,
  GetUsersResponse,
  ResponseAsset,
} from "../apple/types.js";
import type { Db } from "../store/db.js";
import type { CopyStore } from "./copy-store.js";
import { readSyncRow, runOf, saveRun, type RunRecord } from "./run-record.js";
import { walkStream, type Stream } from "./walk.js";

/** Apple no longer knows the versionId a delta starts from (9721): only a full read helps. */
export class DeltaUnavailable extends Error {}

export interface RunContext {
  db: Db;
  copy: CopyStore;
  target: UpstreamTarget;
  loc: number;
  /** A page arrived (progress). */
  onPage: () => void;
  /** The run moved to another phase, or learnt a stream's size. */
  onPhase: (run: RunRecord) => void;
}

const STREAM_PATHS: Record<Stream, string> = { assets: "assets", assignments: "assignments", users: "users" };

/**
 * Apple's recommended import (asset counts, then the assignments, then users) into the next
 * generation, then the switch. Used for the first import and for full re-reads; resumes a run a
 * previous process left (its pages already stored are not fetched again).
 */
export async function fullRead(
  ctx: RunContext,
  kind: "import" | "full",
): Promise<{ added: number; removed: number; usersChanged: number }> {
  const { db, copy, loc } = ctx;
  const row = readSyncRow(db, loc);
  const run: RunRecord = runOf(row) ?? {
    kind,
    gen: row.gen + 1,
    startedAt: Date.now(),
    phase: "assets",
    streams: {},
  };
  if (!row.run) {
    db.prepare("DELETE FROM sync_pages WHERE loc = ?").run(loc);
    await copy.dropGen(loc, run.gen);
  }
  saveRun(db, loc, run);
  const assets: ResponseAsset[] = [];
  const versions: Partial<Record<Stream, string>> = {};
  for (const stream of ["assets", "assignments", "users"] as const) {
    run.phase = stream;
    ctx.onPhase(run);
    const mark = run.streams[stream];
    if (stream !== "assets" && mark?.finished) {
      versions[stream] = mark.versionId;
      continue;
    }
    const outcome = await walkStream<GetAssetsResponse & GetAssignmentsResponse & GetUsersResponse>({
      target: ctx.target,
      db,
      loc,
      stream,
      path: STREAM_PATHS[stream],
      query: {},
      // Assets are few and replaced whole: always read again, never resumed.
      ...(mark && stream !== "assets" ? { resume: mark } : {}),
      onStart: (m) => {
        run.streams[stream] = m;
        saveRun(db, loc, run);
        ctx.onPhase(run);
      },
      store: (body) => {
        if (stream === "assets") assets.push(...body.assets);
        else if (stream === "assignments") copy.putAssignments(loc, run.gen, body.assignments);
        else copy.putUsers(loc, run.gen, body.users, "full");
      },
      onPage: ctx.onPage,
    });
    versions[stream] = outcome.versionId;
    if (stream === "assets") {
      db.prepare("DELETE FROM sync_pages WHERE loc = ? AND stream = 'assets'").run(loc);
    } else if (outcome.moved) {
      // The list moved while it was read: what was added meanwhile comes in a delta from the first page.
      const next = await readDelta(ctx, run.gen, stream, outcome.versionId);
      versions[stream] = next;
    }
    run.streams[stream] = {
      ...(run.streams[stream] ?? { totalPages: 0 }),
      versionId: versions[stream] ?? "",
      finished: true,
    };
    saveRun(db, loc, run);
  }
  run.phase = "checking";
  ctx.onPhase(run);
  await matchCounts(ctx, run.gen, assets);
  run.phase = "switching";
  ctx.onPhase(run);
  const changes = diffGenerations(db, loc, row.gen, run.gen);
  db.transaction(() => {
    copy.assets.putAssets(loc, assets, kind);
    db.prepare(
      `UPDATE sync_locations SET gen = ?, run = NULL, assets_version = ?, assignments_version = ?, users_version = ?,
       synced_at = ?, via = ?, last_full_at = ?, last_changes = ? WHERE id = ?`,
    ).run(
      run.gen,
      versions.assets ?? null,
      versions.assignments ?? null,
      versions.users ?? null,
      Date.now(),
      kind,
      Date.now(),
      JSON.stringify({ ...changes, at: new Date().toISOString() }),
      loc,
    );
    db.prepare("DELETE FROM sync_pages WHERE loc = ?").run(loc);
  })();
  if (row.gen > 0) await copy.dropGen(loc, row.gen);
  return changes;
}

/**
 * The cheap way to stay current: page 0 of assets (compared by versionId), then what changed in
 * assignments and users since the versionIds kept (apple-v2-api.md §7). Removals are not listed
 * by Apple; an asset whose holders then disagree with Apple's count is read again on its own.
 */
export async function delta(ctx: RunContext): Promise<void> {
  const { db, copy, loc } = ctx;
  const row = readSyncRow(db, loc);
  if (!row.assignments_version || !row.users_version) throw new DeltaUnavailable();
  const run: RunRecord = { kind: "delta", gen: row.gen, startedAt: Date.now(), phase: "assets", streams: {} };
  ctx.onPhase(run);
  const result: WalkResult = { versionIds: new Set(), truncated: false };
  let assets: ResponseAsset[] | undefined;
  let assetsVersion = row.assets_version;
  for await (const page of walkApplePages<GetAssetsResponse>(ctx.target, "assets", {}, result)) {
    ctx.onPage();
    if (page.currentPageIndex === 0) {
      assetsVersion = page.versionId;
      if (page.versionId === row.assets_version) break;
      assets = [];
    }
    assets?.push(...page.assets);
  }
  run.phase = "assignments";
  ctx.onPhase(run);
  const assignmentsVersion = await readDelta(ctx, row.gen, "assignments", row.assignments_version);
  run.phase = "users";
  ctx.onPhase(run);
  const usersVersion = await readDelta(ctx, row.gen, "users", row.users_version);
  if (assets) {
    run.phase = "checking";
    ctx.onPhase(run);
    await matchCounts(ctx, row.gen, assets);
    copy.assets.putAssets(loc, assets, "delta");
  }
  db.prepare(
    `UPDATE sync_locations SET assets_version = ?, assignments_version = ?, users_version = ?, synced_at = ?, via = 'delta'
     WHERE id = ?`,
  ).run(assetsVersion, assignmentsVersion, usersVersion, Date.now(), loc);
}

/** Records changed since `since` into a generation; returns the versionId to start from next time. */
async function readDelta(
  ctx: RunContext,
  gen: number,
  stream: "assignments" | "users",
  since: string,
): Promise<string> {
  const result: WalkResult = { versionIds: new Set(), truncated: false };
  let first: string | undefined;
  try {
    for await (const page of walkApplePages<GetAssignmentsResponse & GetUsersResponse>(
      ctx.target,
      stream,
      { sinceVersionId: since },
      result,
    )) {
      first ??= page.versionId;
      ctx.onPage();
      if (stream === "assignments") ctx.copy.putAssignments(ctx.loc, gen, page.assignments);
      else ctx.copy.putUsers(ctx.loc, gen, page.users, "delta");
    }
  } catch (err) {
    if (err instanceof AppleApiError && err.error.errorNumber === 9721) throw new DeltaUnavailable();
    throw err;
  }
  return first ?? since;
}

/** Each asset whose holders in the copy differ from Apple's assignedCount is read again on its own. */
async function matchCounts(ctx: RunContext, gen: number, assets: ResponseAsset[]): Promise<void> {
  const held = ctx.copy.heldCounts(ctx.loc, gen);
  for (const a of assets) {
    const pricingParam = a.pricingParam ?? "STDQ";
    if ((held.get(`${a.adamId}:${pricingParam}`) ?? 0) === a.assignedCount) continue;
    const rows: GetAssignmentsResponse["assignments"] = [];
    const result: WalkResult = { versionIds: new Set(), truncated: false };
    for await (const page of walkApplePages<GetAssignmentsResponse>(
      ctx.target,
      "assignments",
      { adamId: a.adamId, pricingParam },
      result,
    )) {
      ctx.onPage();
      rows.push(...page.assignments);
    }
    ctx.copy.replaceAssetHolders(ctx.loc, gen, a.adamId, pricingParam, rows);
  }
}

/** What a full re-read changed: licences added and removed, users whose state changed. */
function diffGenerations(
  db: Db,
  loc: number,
  before: number,
  after: number,
): { added: number; removed: number; usersChanged: number } {
  if (before === 0) return { added: 0, removed: 0, usersChanged: 0 };
  const count = (sql: string, a: number, b: number) =>
    (db.prepare(sql).get(loc, a, loc, b) as { n: number }).n;
  const pairs = `SELECT count(*) AS n FROM copy_assignments x WHERE x.loc = ? AND x.gen = ? AND NOT EXISTS (
    SELECT 1 FROM copy_assignments y WHERE y.loc = ? AND y.gen = ? AND y.adam_id = x.adam_id
    AND y.pricing_param = x.pricing_param AND y.kind = x.kind AND y.target = x.target)`;
  const users = `SELECT count(*) AS n FROM copy_users x WHERE x.loc = ? AND x.gen = ? AND NOT EXISTS (
    SELECT 1 FROM copy_users y WHERE y.loc = ? AND y.gen = ? AND y.client_user_id = x.client_user_id
    AND y.status = x.status AND y.email IS x.email)`;
  return {
    added: count(pairs, after, before),
    removed: count(pairs, before, after),
    usersChanged: count(users, after, before),
  };
}
