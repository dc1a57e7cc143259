const DAY = 86_400_000;
/** Apple counts grow in steps; a forecast needs this much watched history to mean anything. */
const MIN_SPAN = DAY;

export interface Forecast {
  /** Licences assigned per day, net, over the window. */
  perDay: number;
  /** Days until none are left at that rate (rounded up). */
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
  const daysLeft = available <= 0 ? 0 : Math.ceil(available / perDay);
  const span = Math.round(days);
  return {
    perDay,
    daysLeft,
    method: `${grown} more assigned in the last ${span} day${span === 1 ? "" : "s"} (${perDay.toFixed(1)} a day); ${available} available now`,
  };
}
