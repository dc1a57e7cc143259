import type { UpstreamTarget } from "../apple/client.js";
import { fetchPage, MAX_PAGES_IN_FLIGHT } from "../apple/pages.js";
import type { Page } from "../apple/types.js";
import type { Db } from "../store/db.js";

export type Stream = "assets" | "assignments" | "users";

/** What a stream's walk remembers (in the run record) so a restart goes on where it stopped. */
export interface StreamMark {
  versionId: string;
  totalPages: number;
  finished: boolean;
}

export interface WalkOptions<B extends Page> {
  target: UpstreamTarget;
  db: Db;
  loc: number;
  stream: Stream;
  path: string;
  query: Record<string, string>;
  /** Set when a previous process started this walk: its first page's versionId and size. */
  resume?: StreamMark;
  /** The first page's versionId and totalPages, recorded before any later page is fetched. */
  onStart: (mark: StreamMark) => void;
  /** Store one page; runs inside the transaction that marks the page done. */
  store: (body: B) => void;
  onPage: () => void;
}

export interface WalkOutcome {
  versionId: string;
  /** Apple's data changed while it was read (another versionId on a later page). */
  moved: boolean;
}

/**
 * Every page of one of Apple's lists, ≤ 5 requests in flight through the location's gate, each
 * page stored as it arrives with a record that it is done — so a walk cut off by a crash fetches
 * only the pages it is missing. A list that grows is followed; a page that vanished ends it.
 */
export async function walkStream<B extends Page>(o: WalkOptions<B>): Promise<WalkOutcome> {
  const done = new Set(
    (
      o.db.prepare("SELECT page FROM sync_pages WHERE loc = ? AND stream = ?").all(o.loc, o.stream) as {
        page: number;
      }[]
    ).map((r) => r.page),
  );
  const markDone = o.db.prepare("INSERT OR IGNORE INTO sync_pages (loc, stream, page) VALUES (?, ?, ?)");
  const keep = o.db.transaction((page: number, body: B) => {
    o.store(body);
    markDone.run(o.loc, o.stream, page);
  });
  let mark = o.resume;
  let moved = false;
  if (!mark || !done.has(0)) {
    const first = await fetchPage<B>(o.target, o.path, o.query, 0);
    if (!first) return { versionId: mark?.versionId ?? "", moved: true };
    if (mark && first.versionId !== mark.versionId) moved = true;
    mark = {
      versionId: mark?.versionId ?? first.versionId,
      totalPages: first.nextPageIndex === undefined ? Math.min(first.totalPages, 1) : first.totalPages,
      finished: false,
    };
    o.onStart(mark);
    keep(0, first);
    done.add(0);
    o.onPage();
  } else {
    o.onStart(mark);
  }
  const firstVersion = mark.versionId;
  let total = mark.totalPages;
  let vanished = false;
  let next = 1;
  const inFlight = new Set<Promise<void>>();
  const fetchOne = async (i: number) => {
    const body = await fetchPage<B>(o.target, o.path, o.query, i);
    if (!body) {
      vanished = true;
      return;
    }
    if (body.versionId !== firstVersion) moved = true;
    if (body.nextPageIndex !== undefined && body.totalPages > total) total = body.totalPages;
    keep(i, body);
    o.onPage();
  };
  let failure: unknown;
  while (failure === undefined) {
    while (next < total && !vanished && inFlight.size < MAX_PAGES_IN_FLIGHT) {
      const i = next++;
      if (done.has(i)) continue;
      const p: Promise<void> = fetchOne(i).then(
        () => void inFlight.delete(p),
        (err: unknown) => {
          inFlight.delete(p);
          failure ??= err;
        },
      );
      inFlight.add(p);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  await Promise.allSettled(inFlight);
  if (failure !== undefined) throw failure;
  return { versionId: firstVersion, moved: moved || vanished };
}

/** Pages done so far for a location (all streams of the running walk). */
export function pagesDone(db: Db, loc: number): number {
  return (db.prepare("SELECT count(*) AS n FROM sync_pages WHERE loc = ?").get(loc) as { n: number }).n;
}
