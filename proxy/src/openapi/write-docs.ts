import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "./document.js";
import { renderReference } from "./render.js";

/** The generated docs: the OpenAPI document and its readable page. */
export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs");
export const generatedDocs = (): Record<string, string> => ({
  "openapi.json": `${JSON.stringify(openApiDocument(), null, 2)}\n`,
  "api-reference.md": `${renderReference()}\n`,
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(generatedDocs()))
    fs.writeFileSync(path.join(DOCS_DIR, name), text);
  process.stdout.write(`wrote ${Object.keys(generatedDocs()).join(", ")} in ${DOCS_DIR}\n`);
}
