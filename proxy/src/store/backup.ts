import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.js";
import { openDb, type Db } from "./db.js";

/**
 * A consistent copy of the store while the console runs (SQLite's online backup API), written to a
 * new file that is only put in place once complete. The encrypted tokens in it open with the same
 * key only: keep SECRET_KEY (or DATA_DIR/secret.key) with the backup, apart from it.
 */
export async function backupTo(
  db: Db,
  file: string,
): Promise<{ file: string; bytes: number; pages: number }> {
  if (fs.existsSync(file)) throw new Error(`${file} exists already: give a new file name`);
  const part = `${file}.part`;
  const { totalPages } = await db.backup(part);
  fs.renameSync(part, file);
  return { file, bytes: fs.statSync(file).size, pages: totalPages };
}

// pnpm --filter @vpp/proxy backup /backups/vpp-console-2026-12-07.sqlite
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: pnpm --filter @vpp/proxy backup <new file>\n");
    process.exit(2);
  }
  const config = loadConfig();
  const db = openDb(config.DATA_DIR);
  backupTo(db, path.resolve(target))
    .then((r) => process.stdout.write(`backed up ${r.pages} pages (${r.bytes} bytes) to ${r.file}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => db.close());
}
