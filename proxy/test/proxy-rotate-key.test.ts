import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../src/store/db.js";
import { SEALED } from "../src/store/sealed.js";
import { startConsole } from "./console-harness.js";
import { until, startReceiver } from "./receivers.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

const run = promisify(execFile);
const OLD = "ab".repeat(32);
const NEW = "cd".repeat(32);
let apple: SandboxHarness;
let hook: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 0 });
  hook = await startReceiver();
});
afterAll(async () => {
  await apple.close();
  await hook.close();
});

/** The command the docs give, against a stopped console's DATA_DIR. */
const rotate = (env: Record<string, string>) =>
  run("npx", ["tsx", "src/store/rotate-key.ts"], { env: { ...process.env, ...env } });

/** A console with a location and a webhook, stopped: its DATA_DIR and the location's id. */
async function seeded(env: Record<string, string>) {
  const c = await startConsole({ VPP_BASE_URL: apple.base, ...env });
  const admin = await c.signIn();
  const t = await apple.mint({ data: "demo", locationName: "Rotation High" });
  const added = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
  expect(added.status).toBe(201);
  const made = await c.call("POST", "/api/webhooks", {
    cookie: admin,
    body: { name: "ops", url: hook.url, kind: "generic" },
  });
  expect(made.status).toBe(201);
  await c.close();
  return { dataDir: c.dataDir, locationId: added.body.id as string, hookId: made.body.id as string };
}

/** Starts the console on `dataDir` and proves every sealed secret opens: Apple is read, the hook posts. */
async function worksWith(
  dataDir: string,
  env: Record<string, string>,
  seed: { locationId: string; hookId: string },
) {
  const c = await startConsole({ VPP_BASE_URL: apple.base, DATA_DIR: dataDir, ...env });
  try {
    const cookie = await c.signIn();
    const assets = await c.call("GET", `/api/locations/${seed.locationId}/vpp/assets`, { cookie });
    expect(assets.status).toBe(200);
    expect(assets.body.assets.length).toBeGreaterThan(0);
    const before = hook.received.length;
    const test = await c.call("POST", `/api/webhooks/${seed.hookId}/test`, { cookie });
    expect(test.body).toMatchObject({ status: "delivered" });
    await until(() => hook.received.length > before);
  } finally {
    await c.close();
  }
}

const sealedBytes = (dataDir: string) => {
  const db = openDb(dataDir);
  try {
    return Object.values(SEALED).map((s) =>
      (db.prepare(`SELECT ${s.column} AS v FROM ${s.table}`).all() as { v: Buffer }[]).map((r) =>
        r.v.toString("hex"),
      ),
    );
  } finally {
    db.close();
  }
};

describe("SECRET_KEY rotation", () => {
  it("when SECRET_KEY is rotated to NEW_SECRET_KEY, then every token and webhook secret is re-encrypted and works with the new key only", async () => {
    const seed = await seeded({ SECRET_KEY: OLD });
    const before = sealedBytes(seed.dataDir);
    const out = await rotate({ DATA_DIR: seed.dataDir, SECRET_KEY: OLD, NEW_SECRET_KEY: NEW });
    expect(out.stdout).toContain(
      "re-encrypted 3 secrets (1 content tokens, 1 webhook addresses, 1 webhook secrets). Start the console with SECRET_KEY set to the new key.",
    );
    expect(out.stdout + out.stderr).not.toContain(OLD);
    expect(out.stdout + out.stderr).not.toContain(NEW);
    const after = sealedBytes(seed.dataDir);
    after.forEach((column, i) => column.forEach((v, j) => expect(v).not.toBe(before[i]?.[j])));
    await worksWith(seed.dataDir, { SECRET_KEY: NEW }, seed);
    // The old key no longer opens them: a second rotation from it is refused and changes nothing.
    await expect(
      rotate({ DATA_DIR: seed.dataDir, SECRET_KEY: OLD, NEW_SECRET_KEY: "ef".repeat(32) }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining(
        `locations ${seed.locationId}: token_enc does not open with the current key`,
      ),
    });
    expect(sealedBytes(seed.dataDir)).toEqual(after);
  }, 90_000);

  it("when the key is the generated key file, then a new key file replaces it and the console starts with it", async () => {
    const seed = await seeded({});
    const file = path.join(seed.dataDir, "secret.key");
    const oldKey = fs.readFileSync(file, "utf8");
    const out = await rotate({ DATA_DIR: seed.dataDir });
    expect(out.stdout).toContain(`The new key is in ${file}.`);
    const newKey = fs.readFileSync(file, "utf8");
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(oldKey);
    expect(out.stdout).not.toContain(newKey);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.next`)).toBe(false);
    await worksWith(seed.dataDir, {}, seed);
  }, 90_000);

  it("when the new key is missing, malformed or the same, then it is refused in words, no key is echoed and nothing changes", async () => {
    const seed = await seeded({ SECRET_KEY: OLD });
    const before = sealedBytes(seed.dataDir);
    for (const [env, said] of [
      [{ SECRET_KEY: OLD }, "give the key to move to as NEW_SECRET_KEY"],
      [{ SECRET_KEY: OLD, NEW_SECRET_KEY: "secret-but-short" }, "NEW_SECRET_KEY must be 32 bytes"],
      [{ SECRET_KEY: OLD, NEW_SECRET_KEY: OLD }, "NEW_SECRET_KEY is the current key"],
    ] as const) {
      const failed = await rotate({ DATA_DIR: seed.dataDir, ...env }).then(
        () => undefined,
        (e: { stderr: string; code: number }) => e,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(said);
      expect(failed?.stderr).not.toContain("secret-but-short");
      expect(failed?.stderr).not.toContain(OLD);
    }
    expect(sealedBytes(seed.dataDir)).toEqual(before);
  }, 90_000);

  it("when the schema holds an encrypted column, then the rotation knows it (a new secret cannot be left behind)", () => {
    const db = openDb(fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "vpp-schema-")));
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      const encrypted = tables.flatMap(({ name }) =>
        (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[])
          .filter((col) => col.name.endsWith("_enc"))
          .map((col) => `${name}.${col.name}`),
      );
      expect(encrypted.sort()).toEqual(
        Object.values(SEALED)
          .map((s) => `${s.table}.${s.column}`)
          .sort(),
      );
    } finally {
      db.close();
    }
  });
});
