import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

let apple: SandboxHarness;
let c: ConsoleHarness;
let admin: string;

const KEYNOTE = "361285480"; // unlimited
const PROCREATE = "425073498"; // limited
const BOOK = "363828571";

beforeAll(async () => {
  // These tests also read "Apple" directly; throttling has its own tests (proxy-forward, sandbox-auth).
  apple = await startSandbox({ eventTasksPerSecond: 0, limits: { maxRequestPerSecond: 100_000 } });
  c = await startConsole({ VPP_BASE_URL: apple.base, STATUS_POLL_MS: "200" });
  admin = await c.signIn();
});
afterAll(async () => {
  await c.close();
  await apple.close();
});

async function newLocation(opts: Record<string, unknown> = { data: "empty" }) {
  const t = await apple.mint(opts);
  const r = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, uId: t.uId, token: t.cToken };
}
const serials = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
const submit = (id: string, body: object) =>
  c.call("POST", `/api/locations/${id}/jobs`, { cookie: admin, body });
const settled = (jobId: string) => c.services.runner.settled(jobId, 60_000);
const associatePosts = (uId: string) =>
  apple.state.requestLog.filter((e) => e.uId === uId && e.path === "/assets/associate");
const asset = async (token: string, adamId: string) =>
  (await apple.get(`/assets?adamId=${adamId}&pricingParam=STDQ`, token)).body.assets[0];

describe("planning", () => {
  it("when a serial comes in lower case and again in upper case, then it is one device and one paid licence", async () => {
    const { id, uId, token } = await newLocation();
    const before = await asset(token, PROCREATE);
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: [" lcase00001 ", "LCASE00001", "lcase00002"],
    });
    expect(r.status).toBe(202);
    expect(r.body.request.serialNumbers).toEqual(["LCASE00001", "LCASE00002"]);
    expect((await settled(r.body.id)).state).toBe("complete");
    expect((await asset(token, PROCREATE)).assignedCount).toBe(before.assignedCount + 2);
    const held = (await apple.control("GET", `/locations/${uId}/holds?adamId=${PROCREATE}`)).body;
    expect(held.map((h: { serialNumber: string }) => h.serialNumber).sort()).toEqual([
      "LCASE00001",
      "LCASE00002",
    ]);
  });

  it("when 1 app goes to 2,500 serials, then 3 requests at the live limit, and the plan follows a changed limit", async () => {
    const { id } = await newLocation();
    const body = { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers: serials("P", 2500) };
    const p1 = await c.call("POST", `/api/locations/${id}/jobs/plan`, { cookie: admin, body });
    expect(p1.body).toMatchObject({ requests: 3, warnings: [] });
    await apple.control("PATCH", "/config", { limits: { maxSerialNumbers: 400 } });
    c.services.serviceConfig.invalidate(); // what the 5-minute refresh does
    const p2 = await c.call("POST", `/api/locations/${id}/jobs/plan`, { cookie: admin, body });
    await apple.control("PATCH", "/config", { limits: { maxSerialNumbers: 1000 } });
    c.services.serviceConfig.invalidate();
    expect(p2.body.requests).toBe(7);
  });

  it("when licences are short, then the plan warns with numbers and the job needs confirming", async () => {
    const { id, token } = await newLocation();
    const available = (await asset(token, PROCREATE)).availableCount as number;
    const body = {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: serials("W", available + 40),
    };
    const plan = await c.call("POST", `/api/locations/${id}/jobs/plan`, { cookie: admin, body });
    expect(plan.body.warnings[0]).toContain(
      `needs ${(available + 40).toLocaleString("en-US")}, ${available.toLocaleString("en-US")} available: up to 40 will fail`,
    );
    const refused = await submit(id, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("NOT_ENOUGH_LICENCES");
  });

  const refusals: [string, object, number, string][] = [
    [
      "a book to serial numbers",
      { type: "associate", assets: [{ adamId: BOOK }], serialNumbers: ["S1"] },
      400,
      "NOT_DEVICE_ASSIGNABLE",
    ],
    [
      "a book in a disassociate",
      { type: "disassociate", assets: [{ adamId: BOOK }], clientUserIds: ["u1"] },
      400,
      "NOT_REVOCABLE",
    ],
    [
      "an asset the location does not own",
      { type: "associate", assets: [{ adamId: "999" }], serialNumbers: ["S1"] },
      400,
      "UNKNOWN_ASSET",
    ],
    [
      "no targets",
      { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers: [" ", ""] },
      400,
      "NO_TARGETS",
    ],
    ["no assets", { type: "associate", assets: [], serialNumbers: ["S1"] }, 400, "NO_ASSETS"],
    [
      "a malformed adamId",
      { type: "associate", assets: [{ adamId: "abc" }], serialNumbers: ["S1"] },
      400,
      "INVALID_REQUEST",
    ],
    ["an unknown job type", { type: "delete-everything", serialNumbers: ["S1"] }, 400, "INVALID_REQUEST"],
  ];
  for (const [name, body, status, code] of refusals) {
    it(`when the request has ${name}, then ${status} ${code} and no job is stored`, async () => {
      const { id } = await newLocation();
      const r = await submit(id, body);
      expect([r.status, r.body.error.code]).toEqual([status, code]);
      expect((await c.call("GET", `/api/locations/${id}/jobs`, { cookie: admin })).body).toEqual([]);
    });
  }

  it("when another MDM manages the location, then the job needs confirming; when the token expired, then it is refused", async () => {
    const { id, uId } = await newLocation();
    await apple.control("POST", `/locations/${uId}/takeover`, {});
    await c.call("GET", `/api/locations/${id}/vpp/client/config`, { cookie: admin });
    const body = { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers: ["S1"] };
    const r = await submit(id, body);
    expect([r.status, r.body.error.code]).toEqual([409, "MANAGED_BY_OTHER"]);
    expect((await submit(id, { ...body, confirmOtherMdm: true })).status).toBe(202);

    const soon = new Date(Date.now() + 1500).toISOString().replace(/\.\d{3}Z$/, "+0000");
    const exp = await newLocation({ data: "empty", expDate: soon });
    await new Promise((res) => setTimeout(res, 1600));
    const e = await submit(exp.id, body);
    expect([e.status, e.body.error.code]).toEqual([409, "TOKEN_EXPIRED"]);
  });

  it("when a viewer submits a job, then 403", async () => {
    await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "librarian", password: "a long viewer password", role: "viewer" },
    });
    const viewer = await c.signIn("librarian", "a long viewer password");
    const { id } = await newLocation();
    const r = await c.call("POST", `/api/locations/${id}/jobs`, {
      cookie: viewer,
      body: { type: "revoke", serialNumbers: ["S1"] },
    });
    expect(r.status).toBe(403);
  });
});

describe("running jobs against the sandbox", () => {
  it("when 1 app is assigned to 2,500 serials, then 3 requests complete and the counts move by 2,500", async () => {
    const { id, uId, token } = await newLocation();
    await apple.control("POST", `/locations/${uId}/asset-count`, { adamId: PROCREATE, countDelta: 3000 });
    const before = await asset(token, PROCREATE);
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: serials("A", 2500),
    });
    expect(r.status).toBe(202);
    expect(r.body.plan.requests).toBe(3);
    const done = await settled(r.body.id);
    expect(done).toMatchObject({
      state: "complete",
      numRequested: 2500,
      numCompleted: 2500,
      chunksSent: 3,
      failures: [],
    });
    expect(associatePosts(uId)).toHaveLength(3);
    const after = await asset(token, PROCREATE);
    expect(after.assignedCount - before.assignedCount).toBe(2500);
    expect(after.availableCount - before.availableCount).toBe(-2500);
  });

  it("when users are unknown and licences run out, then 9609 and 9709 land on exactly those targets, and retry-failed retries only them", async () => {
    const { id, uId, token } = await newLocation();
    await apple.post(
      "/users/create",
      { users: [{ clientUserId: "known-1" }, { clientUserId: "known-2" }] },
      token,
    );
    const available = (await asset(token, PROCREATE)).availableCount as number;
    const devs = serials("F", available + 5);
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: devs,
      clientUserIds: ["known-1", "ghost-9", "known-2"],
      force: true,
    });
    const done = await settled(r.body.id);
    expect(done.state).toBe("failed");
    const byNumber = (n: number) => done.failures.filter((f) => f.errorNumber === n);
    expect(byNumber(9609).map((f) => f.clientUserId)).toEqual(["ghost-9"]);
    expect(byNumber(9609)[0]).toMatchObject({
      adamId: PROCREATE,
      explanation: expect.stringContaining("No registered"),
    });
    const out = byNumber(9709);
    // Licences are consumed in order: users first in the request, then serials; the last ones fail.
    expect(out).toHaveLength(7);
    expect(out.every((f) => f.adamId === PROCREATE && f.errorMessage.length > 0)).toBe(true);
    expect(done.numCompleted).toBe(available);

    await apple.control("POST", `/locations/${uId}/asset-count`, { adamId: PROCREATE, countDelta: 50 });
    await apple.post("/users/create", { users: [{ clientUserId: "ghost-9" }] }, token);
    const retry = await c.call("POST", `/api/jobs/${r.body.id}/retry-failed`, { cookie: admin });
    expect(retry.status).toBe(202);
    expect(retry.body.retryOf).toBe(r.body.id);
    expect(retry.body.request.clientUserIds).toEqual(["ghost-9"]);
    expect(retry.body.request.serialNumbers).toEqual(
      out.flatMap((f) => (f.serialNumber ? [f.serialNumber] : [])),
    );
    const again = await settled(retry.body.id);
    expect(again).toMatchObject({ state: "complete", failures: [] });
    const csv = await c.call("GET", `/api/jobs/${r.body.id}/results.csv`, { cookie: admin });
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="job-associate-/);
    expect(csv.text.split("\n").filter((l) => l.includes(",failed,"))).toHaveLength(8);
  });

  it("when Apple answers 503 with Retry-After during a job, then the chunk is re-sent after the wait and the job completes", async () => {
    const { id, uId } = await newLocation();
    await apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 1,
      pathPrefix: "/assets/associate",
      uId,
      count: 1,
    });
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: serials("R", 1500),
    });
    const done = await settled(r.body.id);
    expect(done).toMatchObject({ state: "complete", numCompleted: 1500 });
    const posts = associatePosts(uId);
    expect(posts.map((p) => p.status)).toEqual([503, 200, 200]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(done.chunks.every((ch) => !ch.possiblyRepeated)).toBe(true);
  });

  it("when a revoke runs, then every revocable licence of the device is taken back", async () => {
    const { id, token } = await newLocation();
    const a = await apple.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }, { adamId: PROCREATE }], serialNumbers: ["REV-1"] },
      token,
    );
    await apple.waitForEvent(token, a.body.eventId);
    const r = await submit(id, { type: "revoke", serialNumbers: ["REV-1"] });
    const done = await settled(r.body.id);
    expect(done).toMatchObject({ state: "complete", numRequested: 2, numCompleted: 2 });
    expect((await apple.get("/assignments?serialNumber=REV-1", token)).body.assignments).toEqual([]);
  });

  it("when ten browsers watch one job, then each sees the final state and Apple is polled once per round, not per watcher", async () => {
    const { id, uId } = await newLocation();
    await apple.control("PATCH", "/config", { eventTasksPerSecond: 1000 });
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: serials("V", 2000),
    });
    const watchers = Array.from({ length: 10 }, async () => {
      const res = await fetch(`${c.url}/api/jobs/${r.body.id}/events`, { headers: { Cookie: admin } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buf = "";
      let last: any;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value);
        const events = buf.split("\n\n");
        buf = events.pop() ?? "";
        for (const e of events) {
          const data = e.split("\n").find((l) => l.startsWith("data: "));
          if (data) last = JSON.parse(data.slice(6));
        }
        if (last && ["complete", "failed", "cancelled"].includes(last.state)) {
          await reader.cancel();
          break;
        }
      }
      return last;
    });
    const finals = await Promise.all(watchers);
    await apple.control("PATCH", "/config", { eventTasksPerSecond: 0 });
    expect(finals.map((f) => f.state)).toEqual(Array(10).fill("complete"));
    const job = finals[0];
    const polls = apple.state.requestLog.filter((e) => e.uId === uId && e.path === "/status");
    const started = Date.parse(job.startedAt);
    const finished = Date.parse(job.finishedAt);
    const rounds = Math.ceil((finished - started) / 200) + 2;
    // Two events (chunks), each polled at most once per 200 ms round.
    expect(polls.length).toBeLessThanOrEqual(rounds * 2);
    expect(polls.length).toBeGreaterThan(0);
  });

  it("when a job is cancelled while chunks wait, then unsent chunks are not sent", async () => {
    const { id, uId } = await newLocation();
    await apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 2,
      pathPrefix: "/assets/associate",
      uId,
      count: 1,
    });
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: serials("C", 3000),
    });
    await new Promise((res) => setTimeout(res, 300));
    const cancel = await c.call("POST", `/api/jobs/${r.body.id}/cancel`, {
      cookie: admin,
      headers: { Origin: c.url },
    });
    expect(cancel.status).toBe(200);
    const done = await settled(r.body.id);
    expect(done.state).toBe("cancelled");
    expect(done.chunks.filter((ch) => ch.state === "cancelled").length).toBeGreaterThanOrEqual(2);
    expect(associatePosts(uId).filter((p) => p.status === 200).length).toBeLessThanOrEqual(1);
    const audit = (await c.call("GET", "/api/audit", { cookie: admin })).body;
    expect(audit.some((e: any) => e.action === "job.cancel" && e.target === r.body.id)).toBe(true);
  });
});

describe("events that stay pending", () => {
  it("when an event is still PENDING after the resend time, then the request is sent again and the job completes, each licence once", async () => {
    const quick = await startConsole({
      VPP_BASE_URL: apple.base,
      STATUS_POLL_MS: "200",
      EVENT_RESEND_MS: "1500",
    });
    try {
      const cookie = await quick.signIn();
      const t = await apple.mint({ data: "empty" });
      const added = await quick.call("POST", "/api/locations", { cookie, body: t.cToken });
      await apple.control("PATCH", "/config", { eventTasksPerSecond: 100 });
      const before = await asset(t.cToken, KEYNOTE);
      const r = await quick.call("POST", `/api/locations/${added.body.id}/jobs`, {
        cookie,
        body: { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers: serials("P", 400) },
      });
      const done = await quick.services.runner.settled(r.body.id, 30_000);
      await apple.control("PATCH", "/config", { eventTasksPerSecond: 0 });
      expect(done.state).toBe("complete");
      expect(done.chunks[0]?.possiblyRepeated).toBe(true);
      expect(associatePosts(t.uId).length).toBeGreaterThanOrEqual(2);
      const after = await asset(t.cToken, KEYNOTE);
      expect(after.assignedCount - before.assignedCount).toBe(400);
    } finally {
      await quick.close();
    }
  });
});

describe("limits that change under a job", () => {
  it("when Apple lowers maxSerialNumbers after planning, then the refused chunk is split to fit and the job completes", async () => {
    const { id, uId, token } = await newLocation();
    const before = await asset(token, KEYNOTE);
    // The first send meets a 1 s hold; meanwhile Apple halves the limit the plan was made with.
    await apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 1,
      pathPrefix: "/assets/associate",
      uId,
      count: 1,
    });
    const r = await submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: serials("L", 1500),
    });
    expect(r.body.plan.requests).toBe(2);
    await apple.control("PATCH", "/config", { limits: { maxSerialNumbers: 500 } });
    const done = await settled(r.body.id);
    await apple.control("PATCH", "/config", { limits: { maxSerialNumbers: 1000 } });
    c.services.serviceConfig.invalidate();
    expect(done.state).toBe("complete");
    expect(done.chunks.map((ch) => ch.serialNumbers.length)).toEqual([500, 500, 500]);
    expect(associatePosts(uId).map((p) => p.status)).toEqual([503, 400, 200, 200, 200]);
    expect((await asset(token, KEYNOTE)).assignedCount - before.assignedCount).toBe(1500);
  });
});
