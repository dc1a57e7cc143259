import { OPERATIONS, type Operation } from "./operations.js";
import { openApiPath } from "./document.js";
import { z } from "zod";

const WHO: Record<Operation["access"], string> = { none: "none", any: "any", admin: "admin", apple: "Apple" };

/** One line of what a body or query takes, from its JSON Schema: "name (string, required), role (admin | viewer)". */
function fieldsOf(schema: z.ZodType | undefined): string {
  if (!schema) return "";
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { type?: string; enum?: unknown[] }>;
    required?: string[];
    type?: string;
  };
  if (!json.properties) return json.type ?? "JSON";
  return Object.entries(json.properties)
    .map(([k, v]) => {
      const type = v.enum ? v.enum.join(" \\| ") : (v.type ?? "any");
      return `\`${k}\`${json.required?.includes(k) ? "" : "?"} (${type})`;
    })
    .join(", ");
}

/** docs/api-reference.md: the OpenAPI document as a page people read, one table per tag. */
export function renderReference(): string {
  const tags = [...new Set(OPERATIONS.map((o) => o.tag))];
  const lines = [
    "# API reference",
    "",
    "Generated from the OpenAPI 3.1 document (`GET /api/openapi.json`, also `docs/openapi.json`) by",
    "`pnpm --filter @vpp/proxy openapi`; a test fails when this page is out of date. Access: `none`",
    "(no sign-in), `any` (a session or API token), `admin`, `Apple` (its notification credentials).",
    "",
  ];
  for (const tag of tags) {
    lines.push(`## ${tag}`, "", "| operation | access | what | takes |", "| --- | --- | --- | --- |");
    for (const o of OPERATIONS.filter((x) => x.tag === tag)) {
      const takes = o.body
        ? fieldsOf(o.body)
        : o.text
          ? `${o.text} body`
          : o.query
            ? `query: ${fieldsOf(o.query)}`
            : "";
      lines.push(`| \`${o.method} ${openApiPath(o.path)}\` | ${WHO[o.access]} | ${o.summary} | ${takes} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
