import type { Db } from "../store/db.js";
import { currentOf } from "../sync/copy-reads.js";

const DAY = 86_400_000;

export interface Idle {
  adamId: string;
  pricingParam: string;
  available: number;
  lastTakenAt: number | null;
}

/**
 * Titles with licences available that nobody took for `days`, from the copy's history of counts:
 * judged only when the copy has watched the title that long (the rest are counted, not guessed).
 */
export function idleTitles(
  db: Db,
  locationId: string,
  days: number,
  now = Date.now(),
): { titles: Idle[]; notJudged: number } {
  const c = currentOf(db, locationId);
  const cutoff = now - days * DAY;
  const assets = db
    .prepare(
      "SELECT adam_id, pricing_param, available FROM copy_assets WHERE loc = ? AND unlimited = 0 AND available > 0",
    )
    .all(c.loc) as { adam_id: string; pricing_param: string; available: number }[];
  const history = db.prepare(
    "SELECT at, assigned FROM copy_history WHERE loc = ? AND adam_id = ? AND pricing_param = ? ORDER BY at",
  );
  const titles: Idle[] = [];
  let notJudged = 0;
  for (const a of assets) {
    const rows = history.all(c.loc, a.adam_id, a.pricing_param) as { at: number; assigned: number }[];
    const since = rows[0]?.at;
    if (since === undefined || since > cutoff) {
      notJudged++;
      continue;
    }
    let lastTakenAt: number | null = null;
    for (let i = 1; i < rows.length; i++) {
      const [prev, cur] = [rows[i - 1], rows[i]] as [{ assigned: number }, { at: number; assigned: number }];
      if (cur.assigned > prev.assigned) lastTakenAt = cur.at;
    }
    if (lastTakenAt === null || lastTakenAt < cutoff)
      titles.push({ adamId: a.adam_id, pricingParam: a.pricing_param, available: a.available, lastTakenAt });
  }
  titles.sort((x, y) => y.available - x.available || x.adamId.localeCompare(y.adamId));
  return { titles, notJudged };
}
