/** The only Apple endpoints the browser may read through the proxy (product.md). All GET. */
export const FORWARD_ALLOWLIST = [
  "service/config",
  "client/config",
  "assets",
  "assignments",
  "users",
  "status",
] as const;

/**
 * The Apple path asked for, taken from the raw URL (before any decoding), or undefined when it is
 * not exactly one allowlisted endpoint: no dot segments, no encoded characters, no extra slashes.
 */
export function allowedPath(rawUrl: string, prefix: RegExp): string | undefined {
  const m = prefix.exec(rawUrl);
  if (!m) return undefined;
  const rest = rawUrl.slice(m[0].length);
  const q = rest.indexOf("?");
  const path = q === -1 ? rest : rest.slice(0, q);
  return (FORWARD_ALLOWLIST as readonly string[]).includes(path) ? path : undefined;
}
