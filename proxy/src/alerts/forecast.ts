import type { LocationView } from "../api-types.js";
import type { Db } from "../store/db.js";

const DAY = 86_400_000;
const WINDOW_DAYS = 30;
/** Apple counts grow in steps; a forecast needs this much watched history to mean anything. */
const MIN_SPAN = DAY;

export interface Forecast {
  /** Licences assigned per day, net, over the window. */
  perDay: number;
  /** Days until none are left at that rate (rounded; at least 1 while any are left). */
  daysLeft: number;
  /** How it was computed, in words. */
  method: string;
}

/**
 * "0 left in ~N days": the net rate of assignment over the last `windowDays` of the copy's history
 * of counts (first and last reading in the window), applied to what is available now. Undefined when
 * the copy has watched the title for less than a day, or assignments are not growing.
 */
export function forecastOf(
  history: readonly { at: number; assigned: number }[],
  available: number,
  now = Date.now(),
  windowDays = 30,
): Forecast | undefined {
  const from = now - windowDays * DAY;
  const inWindow = history.filter((h) => h.at >= from && h.at <= now);
  // The reading just before the window is where the window starts, when there is one.
  const before = history.filter((h) => h.at < from).at(-1);
  const first = before ? { at: from, assigned: before.assigned } : inWindow[0];
  const last = inWindow.at(-1) ?? before;
  if (!first || !last || now - first.at < MIN_SPAN) return undefined;
  const grown = last.assigned - first.assigned;
  if (grown <= 0) return undefined;
  const days = (now - first.at) / DAY;
  const perDay = grown / days;
  const daysLeft = available <= 0 ? 0 : Math.max(1, Math.round(available / perDay));
  const span = Math.round(days);
  return {
    perDay,
    daysLeft,
    method: `${grown} more assigned in the last ${span} day${span === 1 ? "" : "s"} (${perDay.toFixed(1)} a day); ${available} available now`,
  };
}

/** Every limited title of the location with licences left and a forecast, by asset key ("adamId:STDQ"). */
export function forecastsOf(
  db: Db,
  l: Pick<LocationView, "id">,
  now = Date.now(),
): Map<string, Forecast & { available: number }> {
  const titles = db
    .prepare(
      `SELECT a.loc, a.adam_id, a.pricing_param, a.available FROM copy_assets a JOIN sync_locations s ON s.id = a.loc
       WHERE s.location_id = ? AND a.unlimited = 0 AND a.available > 0`,
    )
    .all(l.id) as { loc: number; adam_id: string; pricing_param: string; available: number }[];
  const history = db.prepare(
    "SELECT at, assigned FROM copy_history WHERE loc = ? AND adam_id = ? AND pricing_param = ? AND at >= ? ORDER BY at",
  );
  const out = new Map<string, Forecast & { available: number }>();
  for (const t of titles) {
    // Two windows back: the reading just before the window is where it starts.
    const rows = history.all(t.loc, t.adam_id, t.pricing_param, now - 2 * WINDOW_DAYS * DAY) as {
      at: number;
      assigned: number;
    }[];
    const f = forecastOf(rows, t.available, now, WINDOW_DAYS);
    if (f) out.set(`${t.adam_id}:${t.pricing_param}`, { ...f, available: t.available });
  }
  return out;
}
