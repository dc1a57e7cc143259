import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// kill -9 of the real proxy process mid-job, then a restart on the same DATA_DIR. "Apple" (the
// sandbox) lives in this test process, so it outlives every crash, as Apple would.
const PROCREATE = "425073498";
let apple: SandboxHarness;
let dataDir: string;
let port: number;

let proxy: ProxyProcess | undefined;

async function startProxy(): Promise<void> {
  proxy = await startProxyProcess({
    port,
    args: ["--import", "tsx", "src/main.ts"],
    env: {
      DATA_DIR: dataDir,
      SECRET_KEY: "ab".repeat(32),
      ADMIN_PASSWORD: "crash-test-password",
      VPP_BASE_URL: apple.base,
      SANDBOX: "off",
      STATUS_POLL_MS: "200",
      // This file is about jobs; the copy's own crash test is proxy-sync-crash.
      SYNC: "off",
    },
  });
}

const kill9 = async () => proxy?.kill9();

async function api(method: string, p: string, cookie?: string, body?: string | object) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(body !== undefined
        ? { "Content-Type": typeof body === "string" ? "text/plain" : "application/json" }
        : {}),
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function signIn(): Promise<string> {
  const r = await api("POST", "/api/session", undefined, {
    username: "admin",
    password: "crash-test-password",
  });
  return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

/** Read the asset straight from "Apple"; the restarted proxy shares the location's rate limit. */
async function readAsset(token: string): Promise<any> {
  for (let i = 0; ; i++) {
    const r = await apple.get(`/assets?adamId=${PROCREATE}&pricingParam=STDQ`, token);
    if (r.status === 200) return r.body.assets[0];
    if (i > 20) throw new Error(`assets answered ${r.status}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

const waitUntil = async (cond: () => boolean | Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 400, limits: { maxSerialNumbers: 100 } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-crash-"));
  port = await freePort();
});
afterAll(async () => {
  await kill9();
  await apple.close();
});

describe("crash safety", () => {
  it("when the proxy is killed with -9 three times during a job, then every restart resumes it and each licence is assigned exactly once", async () => {
    await startProxy();
    let cookie = await signIn();
    const t = await apple.mint({ data: "empty" });
    await apple.control("POST", `/locations/${t.uId}/asset-count`, { adamId: PROCREATE, countDelta: 5000 });
    const before = (await apple.get(`/assets?adamId=${PROCREATE}&pricingParam=STDQ`, t.cToken)).body
      .assets[0];
    const loc = await api("POST", "/api/locations", cookie, t.cToken);
    const serials = Array.from({ length: 3000 }, (_, i) => `K${String(i).padStart(5, "0")}`);
    const job = await api("POST", `/api/locations/${loc.body.id}/jobs`, cookie, {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: serials,
    });
    expect(job.status).toBe(202);
    expect(job.body.plan.requests).toBe(30);
    const posts = () =>
      apple.state.requestLog.filter((e) => e.uId === t.uId && e.path === "/assets/associate");

    const report: string[] = [];
    for (const at of [4, 17, 30]) {
      await waitUntil(() => posts().length >= at);
      await kill9();
      report.push(`killed after ${posts().length} associate requests had reached Apple`);
      await startProxy();
      cookie = await signIn();
    }

    let final: any;
    await waitUntil(async () => {
      final = (await api("GET", `/api/jobs/${job.body.id}`, cookie)).body;
      return ["complete", "failed", "cancelled"].includes(final.state);
    }, 60_000);
    const after = await readAsset(t.cToken);
    const held = (
      await apple.control<any[]>("GET", `/locations/${t.uId}/holds?adamId=${PROCREATE}`)
    ).body.filter((h) => h.serialNumber?.startsWith("K"));
    const repeated = final.chunks.filter((ch: any) => ch.possiblyRepeated).length;
    const accepted = posts().filter((p) => p.status === 200).length;
    const statuses = posts().reduce<Record<string, number>>(
      (m, p) => ({ ...m, [String(p.status)]: (m[String(p.status)] ?? 0) + 1 }),
      {},
    );
    console.log(
      [
        ...report,
        `associate requests reaching Apple: ${posts().length} (by status ${JSON.stringify(statuses)}) for 30 chunks; chunks marked possibly repeated: ${repeated}; found done in Apple's assignments before a resend: ${final.chunks.filter((ch: any) => ch.eventId === null).length}`,
      ].join("\n"),
    );

    expect(final.state).toBe("complete");
    expect(final.numCompleted).toBe(3000);
    expect(after.assignedCount - before.assignedCount).toBe(3000);
    expect(new Set(held.map((h) => h.serialNumber)).size).toBe(3000);
    expect(held).toHaveLength(3000);
    // No chunk sent twice, except one that a kill caught between sending and recording.
    // (A refused request, e.g. 429 right after a restart, was not processed by Apple and does not count.)
    expect(accepted).toBeLessThanOrEqual(30 + repeated);
    expect(repeated).toBeLessThanOrEqual(3);
    // Every chunk has its own event, or none because Apple's assignments showed it done before a resend.
    const withEvent = final.chunks.filter((ch: any) => ch.eventId !== null);
    expect(new Set(withEvent.map((ch: any) => ch.eventId)).size).toBe(withEvent.length);
    const checked = final.chunks.filter((ch: any) => ch.eventId === null);
    expect(checked.every((ch: any) => ch.confirmation === "reconciled" && ch.state === "complete")).toBe(
      true,
    );
    expect(withEvent.length + checked.length).toBe(30);
  }, 120_000);

  it("when the proxy is killed with -9 twice while registering 1,500 people, then it resumes and Apple has each person once, with no 9716", async () => {
    await kill9();
    await startProxy();
    let cookie = await signIn();
    const t = await apple.mint({ data: "empty" });
    const loc = await api("POST", "/api/locations", cookie, t.cToken);
    const people = Array.from({ length: 1500 }, (_, i) => ({
      clientUserId: `crash-${i}`,
      email: `crash${i}@school.example`,
      name: `Person ${i}`,
    }));
    const r = await api("POST", `/api/locations/${loc.body.id}/people`, cookie, { people });
    expect(r.status).toBe(202);
    const posts = () => apple.state.requestLog.filter((e) => e.uId === t.uId && e.path === "/users/create");
    for (const at of [3, 11]) {
      await waitUntil(() => posts().length >= at);
      await kill9();
      await startProxy();
      cookie = await signIn();
    }
    let final: any;
    await waitUntil(async () => {
      final = (await api("GET", `/api/jobs/${r.body.job.id}`, cookie)).body;
      return ["complete", "failed", "cancelled"].includes(final.state);
    }, 60_000);
    const repeated = final.chunks.filter((ch: any) => ch.possiblyRepeated).length;
    console.log(
      `users/create requests reaching Apple: ${posts().length} for 15 chunks; possibly repeated: ${repeated}; checked in Apple's users: ${final.chunks.filter((ch: any) => ch.confirmation === "reconciled").length}`,
    );
    expect(final.failures).toEqual([]);
    expect(final.state).toBe("complete");
    const users = [...(apple.state.locations.get(t.uId)?.users ?? [])];
    expect(users).toHaveLength(1500);
    expect(new Set(users.map((u) => u.clientUserId)).size).toBe(1500);
    // The directory kept every name across the kills.
    const one = await api("GET", `/api/locations/${loc.body.id}/people/crash-1499`, cookie);
    expect(one.body.person.name).toBe("Person 1499");
  }, 120_000);
});
