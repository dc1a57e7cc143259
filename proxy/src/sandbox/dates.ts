/** Apple writes +0000; Date.parse wants +00:00. */
export function normaliseDate(d: string): string {
  // Apple writes +0000; Date.parse wants +00:00.
  return d.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}
