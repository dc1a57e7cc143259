import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig, SECRET_KEY_FORMAT } from "../config.js";
import { openDb, type Db } from "./db.js";
import { SecretBox } from "./secret-box.js";
import { SEALED } from "./sealed.js";

export class RotationError extends Error {}

/**
 * Re-encrypts every sealed secret (each location's content token, each webhook's address and
 * signing secret) from one key to another in one exclusive transaction: all or nothing. A value
 * that does not open with the current key stops it, named by its row, and nothing changes.
 */
export function resealAll(db: Db, from: SecretBox, to: SecretBox): Record<keyof typeof SEALED, number> {
  const counts = { locationToken: 0, webhookUrl: 0, webhookSecret: 0 };
  db.transaction(() => {
    for (const [name, s] of Object.entries(SEALED) as [
      keyof typeof SEALED,
      (typeof SEALED)[keyof typeof SEALED],
    ][]) {
      const rows = db.prepare(`SELECT id, ${s.column} AS sealed FROM ${s.table}`).all() as {
        id: string;
        sealed: Buffer;
      }[];
      const update = db.prepare(`UPDATE ${s.table} SET ${s.column} = ? WHERE id = ?`);
      for (const row of rows) {
        let plain: string;
        try {
          plain = from.open(row.sealed, s.context(row.id));
        } catch {
          throw new RotationError(
            `${s.table} ${row.id}: ${s.column} does not open with the current key (is SECRET_KEY the key the console runs with?). Nothing changed.`,
          );
        }
        update.run(to.seal(plain, s.context(row.id)), row.id);
        counts[name]++;
      }
    }
  }).exclusive();
  return counts;
}

/**
 * The command. With SECRET_KEY set, NEW_SECRET_KEY is the key to move to (start the console with it
 * afterwards); with the generated DATA_DIR/secret.key, the new key (NEW_SECRET_KEY, else a random
 * one) replaces that file. Keys are never printed. Stop the console first: it holds the old key.
 */
export function rotateKey(env: Record<string, string | undefined>): string {
  const config = loadConfig(env);
  const next = env.NEW_SECRET_KEY || undefined;
  if (config.SECRET_KEY && !next)
    throw new RotationError(
      "SECRET_KEY is set: give the key to move to as NEW_SECRET_KEY (openssl rand -hex 32).",
    );
  if (next && !SECRET_KEY_FORMAT.test(next))
    throw new RotationError(
      "NEW_SECRET_KEY must be 32 bytes as 64 hex digits or Base64 (the value is not shown).",
    );
  if (next && next === config.SECRET_KEY)
    throw new RotationError("NEW_SECRET_KEY is the current key: nothing to do.");
  const keyFile = path.join(config.DATA_DIR, "secret.key");
  const fromFile = !config.SECRET_KEY;
  if (fromFile && !fs.existsSync(keyFile))
    throw new RotationError(
      `${keyFile} does not exist and SECRET_KEY is not set: there is no key to rotate.`,
    );
  const from = SecretBox.load(config.DATA_DIR, config.SECRET_KEY);
  const fresh = next ?? crypto.randomBytes(32).toString("hex");
  const to = SecretBox.load(config.DATA_DIR, fresh);
  // The new key file is written before the store changes and put in place after, so a crash leaves
  // either the old store with secret.key, or the new store with the new key in secret.key.next.
  const nextFile = `${keyFile}.next`;
  if (fromFile) fs.writeFileSync(nextFile, fresh, { mode: 0o600 });
  const db = openDb(config.DATA_DIR);
  try {
    const n = resealAll(db, from, to);
    if (fromFile) fs.renameSync(nextFile, keyFile);
    const total = n.locationToken + n.webhookUrl + n.webhookSecret;
    const then = fromFile
      ? `The new key is in ${keyFile}.`
      : "Start the console with SECRET_KEY set to the new key.";
    return `re-encrypted ${total} secrets (${n.locationToken} content tokens, ${n.webhookUrl} webhook addresses, ${n.webhookSecret} webhook secrets). ${then} Backups made before now open with the old key only.`;
  } catch (err) {
    if (fromFile) fs.rmSync(nextFile, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

// pnpm --filter @vpp/proxy rotate-key   (the console stopped)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${rotateKey(process.env)}\n`);
  } catch (err) {
    const known = err instanceof RotationError || err instanceof ConfigError;
    process.stderr.write(`key rotation failed: ${known ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
