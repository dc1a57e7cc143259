// `pnpm run setup`: pnpm install, with native addons (better-sqlite3) built against the headers of
// the Node that runs this when they are there — machines without internet cannot download them,
// and pnpm does not pass an .npmrc `nodedir` on to node-gyp.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const env = { ...process.env };
const prefix = path.resolve(process.execPath, "..", "..");
if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, "include", "node", "node.h"))) {
  env.npm_config_nodedir = prefix;
}
const args = process.argv
  .slice(2)
  .map((a) => JSON.stringify(a))
  .join(" ");
execSync(`pnpm install ${args}`, { stdio: "inherit", env });
