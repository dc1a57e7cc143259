import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYNOTE, PAUSED, serials, sleep, startJobWorld, type JobWorld } from "./job-harness.js";

// Issue "trust under Apple's bad days", behaviours 1 (Retry-After everywhere), 2 (token refused
// mid-job), 3 (another MDM takes over mid-job) and 9 (dynamic URLs).
let w: JobWorld;

beforeAll(async () => {
  w = await startJobWorld({ SERVICE_CONFIG_TTL_MS: "1000" });
});
afterAll(async () => w.close());

const punished = (uId: string) => w.requests(uId).filter((e) => e.punished);

describe("1. Retry-After everywhere", () => {
  it("when a write is answered 500 with Retry-After 3, then nothing for the location leaves for 3 s and the job completes", async () => {
    const { id, uId } = await w.newLocation();
    await w.fault(uId, "/assets/associate", { status: 500, retryAfter: 3 });
    const r = await w.assign(id, serials("A", 10));
    const done = await w.settled(r.body.id);
    expect(done).toMatchObject({ state: "complete", numCompleted: 10 });
    const log = w.requests(uId);
    const refused = log.findIndex((e) => e.status === 500);
    const after = log.slice(refused + 1);
    expect(after.length).toBeGreaterThan(0);
    expect((after[0]?.at ?? 0) - (log[refused]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    expect(punished(uId)).toEqual([]);
  });

  it("when /status is answered 500 with Retry-After 2, then the next poll waits 2 s", async () => {
    const { id, uId } = await w.newLocation();
    await w.fault(uId, "/status", { status: 500, retryAfter: 2 });
    const r = await w.assign(id, serials("B", 10));
    expect((await w.settled(r.body.id)).state).toBe("complete");
    const polls = w.requests(uId, "/status");
    expect(polls.map((p) => p.status)).toEqual([500, 200]);
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(punished(uId)).toEqual([]);
  });

  it("when a token upload meets 503 with Retry-After, then a second upload waits in the console, not at Apple", async () => {
    const t = await w.apple.mint({ data: "empty" });
    await w.apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 3,
      pathPrefix: "/client/config",
      uId: t.uId,
    });
    const first = await w.c.call("POST", "/api/locations", { cookie: w.admin, body: t.cToken });
    expect([first.status, first.body.error.code, first.headers.get("retry-after")]).toEqual([
      503,
      "APPLE_HOLD",
      "3",
    ]);
    const second = await w.c.call("POST", "/api/locations", { cookie: w.admin, body: t.cToken });
    expect([second.status, second.body.error.code]).toEqual([503, "APPLE_HOLD"]);
    expect(w.requests(t.uId, "/client/config")).toHaveLength(1);
    await sleep(3100);
    expect((await w.c.call("POST", "/api/locations", { cookie: w.admin, body: t.cToken })).status).toBe(201);
    expect(punished(t.uId)).toEqual([]);
  });
});

describe("2. Token refused mid-job", () => {
  it("when Apple revokes the token between chunks, then the job pauses with why, stops calling Apple, and goes on with the renewed token", async () => {
    const { id, uId, token } = await w.newLocation();
    await w.fault(uId, "/assets/associate", { status: 503, retryAfter: 1 });
    const r = await w.assign(id, serials("T", 2500));
    await w.apple.control("POST", "/tokens/revoke", { cToken: token });
    const paused = await w.settled(r.body.id, PAUSED);
    expect(paused.state).toBe("paused");
    expect(paused.paused).toMatchObject({ code: "TOKEN_REFUSED", appleErrorNumber: 9625 });
    expect(paused.paused?.message).toContain("a newer token was downloaded");
    const location = (await w.c.call("GET", `/api/locations`, { cookie: w.admin })).body.find(
      (l: any) => l.id === id,
    );
    expect(location.tokenRefused).toMatchObject({ errorNumber: 9625 });
    const calls = w.requests(uId).length;
    await sleep(1200);
    expect(w.requests(uId)).toHaveLength(calls);
    const refused = await w.assign(id, ["X1"]);
    expect([refused.status, refused.body.error.code]).toEqual([409, "TOKEN_REFUSED"]);

    const renewed = await w.apple.mint({ uId });
    expect((await w.c.call("POST", "/api/locations", { cookie: w.admin, body: renewed.cToken })).status).toBe(
      200,
    );
    const done = await w.settled(r.body.id);
    expect(done).toMatchObject({ state: "complete", numCompleted: 2500, paused: null });
    expect(await w.holds(uId, KEYNOTE)).toHaveLength(2500);
  });

  it("when the token expires at Apple while events are polled, then polling stops until a new token comes", async () => {
    const { id, uId, token } = await w.newLocation();
    await w.apple.control("PATCH", "/config", { eventTasksPerSecond: 300 });
    try {
      const r = await w.assign(id, serials("E", 1500));
      await w.settled(r.body.id, new Set(["running"]));
      await expectSoon(() => w.c.services.runner.snapshot(r.body.id)?.chunksSent === 2);
      await w.apple.control("POST", "/tokens/expire", { cToken: token });
      const paused = await w.settled(r.body.id, PAUSED);
      expect(paused.paused).toMatchObject({ code: "TOKEN_REFUSED", appleErrorNumber: 9621 });
      const polls = w.requests(uId, "/status").length;
      await sleep(800);
      expect(w.requests(uId, "/status")).toHaveLength(polls);
      const renewed = await w.apple.mint({ uId });
      await w.c.call("POST", "/api/locations", { cookie: w.admin, body: renewed.cToken });
      expect(await w.settled(r.body.id)).toMatchObject({ state: "complete", numCompleted: 1500 });
    } finally {
      await w.apple.control("PATCH", "/config", { eventTasksPerSecond: 0 });
    }
  });
});

describe("3. Another MDM takes over mid-job", () => {
  it("when Apple's answers name another MDM, then no further write is sent until an admin confirms, audited", async () => {
    const { id, uId } = await w.newLocation();
    await w.fault(uId, "/assets/associate", { status: 503, retryAfter: 1 });
    const r = await w.assign(id, serials("M", 2500));
    await w.apple.control("POST", `/locations/${uId}/takeover`, {
      mdmInfo: { id: "other-mdm", name: "Jamf Pro", metadata: "11.0" },
    });
    const paused = await w.settled(r.body.id, PAUSED);
    expect(paused.paused).toMatchObject({ code: "MANAGED_BY_OTHER" });
    expect(paused.paused?.message).toContain("Jamf Pro now manages this location");
    expect(w.requests(uId, "/assets/associate").filter((p) => p.status === 200)).toHaveLength(1);

    const unconfirmed = await w.c.call("POST", `/api/jobs/${r.body.id}/resume`, {
      cookie: w.admin,
      body: {},
    });
    expect([unconfirmed.status, unconfirmed.body.error.code]).toEqual([409, "MANAGED_BY_OTHER"]);
    const resumed = await w.c.call("POST", `/api/jobs/${r.body.id}/resume`, {
      cookie: w.admin,
      body: { confirmTakeover: true },
    });
    expect(resumed.status).toBe(200);
    expect(await w.settled(r.body.id)).toMatchObject({ state: "complete", numCompleted: 2500 });
    const audit = (await w.c.call("GET", "/api/audit", { cookie: w.admin })).body;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "job.resume",
        actor: "admin",
        target: r.body.id,
        detail: { why: "takeover confirmed", mdm: "other-mdm" },
      }),
    );
  });
});

describe("9. Dynamic URLs", () => {
  it("when Apple moves its endpoints, then the job follows service config's new URLs", async () => {
    const { id, uId } = await w.newLocation();
    await w.apple.control("PATCH", "/config", { endpointsMoved: true });
    try {
      const r = await w.assign(id, serials("U", 10));
      expect(await w.settled(r.body.id)).toMatchObject({ state: "complete", numCompleted: 10 });
      const writes = w.requests(uId, "/assets/associate");
      expect(writes.at(-1)).toMatchObject({ base: "v2-moved", status: 200 });
    } finally {
      await w.apple.control("PATCH", "/config", { endpointsMoved: false });
    }
  });

  it("when a job runs longer than the refresh interval, then Apple's limits and URLs are read again meanwhile", async () => {
    const { id } = await w.newLocation();
    const before = w.apple.state.requestLog.filter((e) => e.path === "/service/config").length;
    await w.apple.control("PATCH", "/config", { eventTasksPerSecond: 400 });
    try {
      const r = await w.assign(id, serials("L", 1200));
      expect((await w.settled(r.body.id)).state).toBe("complete");
    } finally {
      await w.apple.control("PATCH", "/config", { eventTasksPerSecond: 0 });
    }
    const reads = w.apple.state.requestLog.filter((e) => e.path === "/service/config").length - before;
    expect(reads).toBeGreaterThanOrEqual(2);
  });
});

async function expectSoon(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await sleep(20);
  }
}
