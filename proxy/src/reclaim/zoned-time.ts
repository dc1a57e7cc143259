/** The wall-clock parts of an instant in a time zone. */
function partsAt(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    y: get("year"),
    m: get("month"),
    d: get("day"),
    h: get("hour"),
    mi: get("minute"),
    s: get("second"),
  };
}

/** How far the zone's clock is ahead of UTC at an instant (ms). */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsAt(instant, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(instant / 1000) * 1000;
}

/** "2026-11-23T22:00" on the clocks of a time zone, as an instant (ms since the epoch). */
export function zonedToInstant(wall: string, timeZone: string): number {
  const [date = "", time = ""] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi, sec = 0] = time.split(":").map(Number) as [number, number, number?];
  const asUtc = Date.UTC(y, m - 1, d, h, mi, sec);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** An instant as the zone's clocks show it: "2026-11-23 22:00". */
export function wallTime(instant: number, timeZone: string): string {
  const p = partsAt(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.y}-${two(p.m)}-${two(p.d)} ${two(p.h)}:${two(p.mi)}`;
}
