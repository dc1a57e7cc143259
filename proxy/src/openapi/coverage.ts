import { openApiPath } from "./document.js";
import type { RegisteredRoute } from "./routes-of.js";

interface Doc {
  paths?: Record<string, Record<string, unknown> | undefined>;
}

/**
 * What the document and the app disagree on: routes the app registers that the document does not
 * describe, and operations the document describes that no route serves. `ALL` (a route that answers
 * every method, refusing most) is covered by any operation on its path.
 */
export function coverage(
  routes: RegisteredRoute[],
  doc: Doc,
): { undocumented: string[]; unserved: string[] } {
  const documented = new Set<string>();
  for (const [p, ops] of Object.entries(doc.paths ?? {}))
    for (const m of Object.keys(ops ?? {})) documented.add(`${m.toUpperCase()} ${p}`);
  const served = new Set<string>();
  const undocumented: string[] = [];
  for (const r of routes) {
    const p = openApiPath(r.path);
    const hit =
      r.method === "ALL"
        ? [...documented].filter((d) => d.endsWith(` ${p}`))
        : documented.has(`${r.method} ${p}`)
          ? [`${r.method} ${p}`]
          : [];
    if (hit.length === 0) undocumented.push(`${r.method} ${r.path}`);
    for (const h of hit) served.add(h);
  }
  return { undocumented, unserved: [...documented].filter((d) => !served.has(d)).sort() };
}
