import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole } from "./console-harness.js";
import { freePort, startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { until } from "./receivers.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";
import { applePairs, copyPairs } from "./sync-harness.js";

// kill -9 of the real proxy process in the middle of a location's first import, then a restart
// on the same DATA_DIR: the import goes on from the pages it has and ends equal to Apple's data.
let apple: SandboxHarness;
let proxy: ProxyProcess | undefined;
let dataDir: string;
let port: number;

const start = async () => {
  proxy = await startProxyProcess({
    port,
    args: ["--import", "tsx", "src/main.ts"],
    env: {
      DATA_DIR: dataDir,
      SECRET_KEY: "cd".repeat(32),
      ADMIN_PASSWORD: "sync-crash-password",
      VPP_BASE_URL: apple.base,
      SANDBOX: "off",
      SYNC: "on",
    },
  });
  return proxy.signIn("admin", "sync-crash-password");
};

async function api(method: string, p: string, cookie: string, body?: string) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { Cookie: cookie, ...(body ? { "Content-Type": "text/plain" } : {}) },
    ...(body ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Apple's pages of the location's assignment walk that were answered. */
const walkPagesOf = (uId: string) =>
  apple.state.requestLog.filter(
    (e) => e.uId === uId && e.path === "/assignments" && e.status === 200 && !e.query.includes("adamId"),
  );

/** Waits for the import to end: idle, never failed on the way. */
async function importFinished(id: string, cookie: string) {
  await until(async () => {
    const s = (await api("GET", `/api/locations/${id}/sync`, cookie)).body;
    if (s.state === "failed") throw new Error(`the import failed: ${s.lastError}`);
    return s.state === "idle";
  }, 60_000);
}

beforeAll(async () => {
  // 120 pages of assignments at ~10 pages a second: long enough to be cut off in the middle.
  apple = await startSandbox({ latencyMs: 40, limits: { maxRequestPerSecond: 10 } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-sync-crash-"));
  port = await freePort();
});
afterAll(async () => {
  await proxy?.kill9();
  await apple.close();
});

describe("sync crash safety", () => {
  it("when the proxy is killed with -9 mid-import, the restart fetches only the missing pages and the copy equals Apple's", async () => {
    let cookie = await start();
    const t = await apple.mint({ data: "empty", assignments: 120_000 });
    const loc = await api("POST", "/api/locations", cookie, t.cToken);
    expect(loc.status).toBe(201);
    const id = loc.body.id as string;
    const walkPages = () => walkPagesOf(t.uId);
    await until(() => walkPages().length >= 40, 30_000);
    const progress = (await api("GET", `/api/locations/${id}/sync`, cookie)).body;
    expect(progress).toMatchObject({ state: "running", progress: { kind: "import" } });
    expect(progress.progress.pagesTotal).toBeGreaterThanOrEqual(120);
    await proxy?.kill9();
    const before = walkPages().length;

    cookie = await start();
    await importFinished(id, cookie);
    const after = walkPages().length - before;
    // Without resuming, the restart would read all 120 pages again.
    expect(after).toBeLessThan(120 - 30);
    const call = (method: string, p: string) => api(method, p, cookie);
    expect(await copyPairs(call, id)).toEqual(await applePairs(apple, t.uId));
  }, 120_000);

  it("when the proxy is stopped with SIGTERM mid-import, it ends the read at a page, exits cleanly, and the restart goes on", async () => {
    await proxy?.kill9(); // the previous test's console
    let cookie = await start();
    const t = await apple.mint({ data: "empty", assignments: 120_000 });
    const loc = await api("POST", "/api/locations", cookie, t.cToken);
    const id = loc.body.id as string;
    const walkPages = () => walkPagesOf(t.uId);
    await until(() => walkPages().length >= 30, 30_000);
    const stopped = Date.now();
    const exit = await proxy?.stop();
    // A service manager's stop: exit 0 at once, nothing on stderr (not the 5 s fallback).
    expect(exit).toEqual({ code: 0, stderr: "" });
    expect(Date.now() - stopped).toBeLessThan(4000);
    const before = walkPages().length;

    cookie = await start();
    await importFinished(id, cookie);
    expect(walkPages().length - before).toBeLessThan(120 - 20);
    const call = (method: string, p: string) => api(method, p, cookie);
    expect(await copyPairs(call, id)).toEqual(await applePairs(apple, t.uId));
  }, 120_000);

  it("when the console closes during a read, then the read ends first and nothing writes to the closed store", async () => {
    const c = await startConsole({ VPP_BASE_URL: apple.base, SYNC: "on" });
    const admin = await c.signIn();
    const t = await apple.mint({ data: "empty", assignments: 60_000 });
    expect((await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken })).status).toBe(201);
    await until(
      () => apple.state.requestLog.filter((e) => e.uId === t.uId && e.path === "/assignments").length >= 5,
    );
    const problems: unknown[] = [];
    const onRejection = (err: unknown) => void problems.push(err);
    process.on("unhandledRejection", onRejection);
    try {
      await c.close();
      // Before: the read went on after close and its next write met "The database connection is not open".
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
