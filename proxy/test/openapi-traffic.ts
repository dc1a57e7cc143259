import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** One request a test made, as it went over the wire. */
export interface Seen {
  method: string;
  url: string;
  body: unknown;
  status: number;
}

interface Compiled {
  method: string;
  pattern: RegExp;
  path: string;
  body?: ValidateFunction;
  query?: ValidateFunction;
}

interface Document {
  paths: Record<string, Record<string, any>>;
}

const compiledOf = new WeakMap<Document, Compiled[]>();

function operations(doc: Document): Compiled[] {
  const known = compiledOf.get(doc);
  if (known) return known;
  const strict = new Ajv2020({ strict: false, allErrors: false });
  const loose = new Ajv2020({ strict: false, coerceTypes: "array" });
  addFormats.default(strict);
  addFormats.default(loose);
  const compiled: Compiled[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, o] of Object.entries(ops)) {
      const pattern = new RegExp(
        `^${path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "rest" ? "(.+)" : "([^/]+)"))}$`,
      );
      const json = o.requestBody?.content?.["application/json"]?.schema;
      const query = (o.parameters ?? []).filter((p: any) => p.in === "query");
      compiled.push({
        method: method.toUpperCase(),
        pattern,
        path,
        ...(json ? { body: strict.compile(json) } : {}),
        ...(query.length
          ? {
              query: loose.compile({
                type: "object",
                properties: Object.fromEntries(query.map((p: any) => [p.name, p.schema])),
                required: query.filter((p: any) => p.required).map((p: any) => p.name),
              }),
            }
          : {}),
      });
    }
  // Literal paths before templated ones (/locations/sandbox before /locations/{id}).
  compiled.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  compiledOf.set(doc, compiled);
  return compiled;
}

/**
 * Checks a test's real traffic against the OpenAPI document: every /api request that succeeded
 * was a documented operation whose documented schemas accept it, and every request the documented
 * schemas refuse was refused (4xx) by the console too. The integration harness and the e2e both
 * check their traffic with it (the e2e against docs/openapi.json, which a test keeps current).
 */
export function trafficProblems(doc: object, seen: Seen[]): string[] {
  const problems: string[] = [];
  for (const s of seen) {
    const u = new URL(s.url, "http://x");
    if (!u.pathname.startsWith("/api/")) continue;
    const o = operations(doc as Document).find((c) => c.method === s.method && c.pattern.test(u.pathname));
    const what = `${s.method} ${u.pathname} → ${s.status}`;
    if (!o) {
      if (s.status < 400) problems.push(`${what}: not in the OpenAPI document`);
      continue;
    }
    const refusedBy: string[] = [];
    if (o.body && s.body !== undefined && typeof s.body !== "string" && !o.body(s.body))
      refusedBy.push(`body ${JSON.stringify(o.body.errors?.[0])}`);
    if (o.query) {
      const q: Record<string, string | string[]> = {};
      for (const [k, v] of u.searchParams) q[k] = v;
      if (!o.query(q)) refusedBy.push(`query ${JSON.stringify(o.query.errors?.[0])}`);
    }
    if (refusedBy.length && s.status < 400)
      problems.push(`${what}: accepted, but the document's schema refuses it: ${refusedBy.join("; ")}`);
  }
  return problems;
}
