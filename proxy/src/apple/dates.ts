/** Apple's ISO-8601 dates come with +0000, +02:00 or Z offsets. */
export function parseAppleDate(s: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const offset = m[2] === "Z" ? "Z" : (m[2] as string).replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const d = new Date(`${m[1]}${offset}`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
