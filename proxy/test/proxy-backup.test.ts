import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

const run = promisify(execFile);
const KEY = "ab".repeat(32);
let apple: SandboxHarness;
beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 0 });
});
afterAll(() => apple.close());

describe("backup and restore of the SQLite store", () => {
  it("when backed up while running and restored elsewhere with the same key, then the locations and their tokens work", async () => {
    const c = await startConsole({ VPP_BASE_URL: apple.base, SECRET_KEY: KEY });
    const admin = await c.signIn();
    const t = await apple.mint({ data: "demo", locationName: "Backup High" });
    const added = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
    expect(added.status).toBe(201);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vpp-backup-")), "store.sqlite");
    // The command the docs give, against the running console's DATA_DIR.
    const out = await run("npx", ["tsx", "src/store/backup.ts", file], {
      env: { ...process.env, DATA_DIR: c.dataDir, SECRET_KEY: KEY },
    });
    expect(out.stdout).toMatch(/^backed up \d+ pages \(\d+ bytes\) to /);
    await expect(
      run("npx", ["tsx", "src/store/backup.ts", file], { env: { ...process.env, DATA_DIR: c.dataDir } }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists already/),
    });
    await c.close();

    const restored = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-restored-"));
    fs.copyFileSync(file, path.join(restored, "vpp-console.sqlite"));
    const again = await startConsole({ VPP_BASE_URL: apple.base, SECRET_KEY: KEY, DATA_DIR: restored });
    try {
      const cookie = await again.signIn();
      const list = (await again.call("GET", "/api/locations", { cookie })).body;
      expect(list.map((l: any) => l.locationName)).toEqual(["Backup High"]);
      const assets = await again.call("GET", `/api/locations/${added.body.id}/vpp/assets`, { cookie });
      expect(assets.status).toBe(200);
      expect(assets.body.assets.length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  }, 60_000);
});
