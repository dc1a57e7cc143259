import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYNOTE, serials, startJobWorld, type JobWorld } from "./job-harness.js";
import { applePairs, appleUsers, copyPairs, copyUsers, syncNow } from "./sync-harness.js";

// The console's copy of each location, read from "Apple" (a standalone sandbox) over HTTP.
let w: JobWorld;
const call = (method: string, p: string) => w.c.call(method, p, { cookie: w.admin });

beforeAll(async () => {
  // Deltas only when a test asks; the timer is covered by the scheduler's own rules.
  w = await startJobWorld({ SYNC: "on", SYNC_INTERVAL_MS: "3600000" });
});
afterAll(() => w.close());

async function demoLocation() {
  const loc = await w.newLocation({ data: "demo" });
  const status = await w.c.services.sync.settled(loc.id);
  expect(status.state).toBe("idle");
  return loc;
}

describe("import", () => {
  it("when a location is added, its copy is imported in Apple's order and equals Apple's data", async () => {
    const { id, uId, token } = await demoLocation();
    expect(await copyPairs(call, id)).toEqual(await applePairs(w.apple, uId));
    expect(await copyUsers(call, id)).toEqual(await appleUsers(w.apple, token));
    const apple = await w.apple.get("/assets", token);
    const assets = await call("GET", `/api/locations/${id}/assets`);
    expect(assets.body.via).toBe("import");
    expect(Date.parse(assets.body.syncedAt)).toBeGreaterThan(Date.now() - 60_000);
    for (const a of apple.body.assets) {
      const mine = assets.body.items.find(
        (x: any) => x.adamId === a.adamId && x.pricingParam === a.pricingParam,
      );
      expect(mine?.assignedCount).toBe(a.assignedCount);
    }
    // Apple's procedure: asset counts first, then assignments, then users.
    const paths = w.requests(uId).map((e) => e.path);
    const first = (p: string) => paths.indexOf(p);
    expect(first("/assets")).toBeGreaterThanOrEqual(0);
    expect(first("/assets")).toBeLessThan(first("/assignments"));
    expect(first("/assignments")).toBeLessThan(first("/users"));
    const status = (await call("GET", `/api/locations/${id}/sync`)).body;
    expect(status).toMatchObject({ state: "idle", via: "import" });
  });

  it("when Apple asks to wait mid-import, the import waits it out without a punished request and completes", async () => {
    const t = await w.apple.mint({ data: "demo" });
    // The first page of the assignments (after the assets) goes out alone, so no other request of
    // the location is in flight when Apple says wait — whatever the machine's load.
    await w.fault(t.uId, "/assignments", { status: 503, retryAfter: 2, count: 1 });
    const r = await w.c.call("POST", "/api/locations", { cookie: w.admin, body: t.cToken });
    expect(r.status).toBe(201);
    // While it waits, the status says for how long (the screens count it down).
    const waits: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = (await call("GET", `/api/locations/${r.body.id}/sync`)).body;
      if (s.waitSeconds) waits.push(s.waitSeconds);
      if (s.state === "idle" || s.state === "failed") break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2);
    const status = await w.c.services.sync.settled(r.body.id);
    expect(status.state).toBe("idle");
    expect(status.waitSeconds).toBeUndefined();
    const log = w.requests(t.uId);
    expect(log.filter((e) => e.status === 503)).toHaveLength(1);
    expect(log.filter((e) => e.punished)).toEqual([]);
    expect(await copyPairs(call, r.body.id)).toEqual(await applePairs(w.apple, t.uId));
  });

  it("when Apple refuses the token, the sync stops and says why", async () => {
    const { id, token } = await demoLocation();
    await w.apple.control("POST", "/tokens/revoke", { cToken: token });
    const status = await syncNow(w.c, w.admin, id);
    expect(status.state).toBe("stopped");
    expect(status.lastError).toMatch(/revoked|newer token/i);
  });
});

describe("keeping current", () => {
  it("after 1,000 changes behind the console's back, a delta makes the copy equal in ⌈changes / page⌉ + 2 requests (plus a read of each asset retirements freed)", async () => {
    const { id, uId, token } = await demoLocation();
    const held = await applePairs(w.apple, uId);
    const changed = await w.apple.control("POST", `/locations/${uId}/external`, {
      assign: 1000,
      registerUsers: 30,
      retireUsers: 10,
    });
    expect(changed.body.added).toBe(1000);
    // Retiring frees the users' revocable licences: removals, which Apple's deltas do not list.
    const still = new Set(await applePairs(w.apple, uId));
    const freed = new Set(held.filter((p) => !still.has(p)).map((p) => p.split(":")[0] as string));
    expect(changed.body.removed).toBeGreaterThan(0);
    const before = w.requests(uId).length;
    const status = await syncNow(w.c, w.admin, id);
    expect(status).toMatchObject({ state: "idle", via: "delta" });
    const requests = w.requests(uId).slice(before);
    const countChecks = requests.filter(
      (r) => /(^|&)adamId=/.test(r.query) && !r.query.includes("sinceVersionId"),
    );
    expect(requests.length - countChecks.length).toBeLessThanOrEqual(Math.ceil(1040 / 1000) + 2);
    expect(
      requests.every(
        (r) => r.path === "/assets" || r.query.includes("sinceVersionId") || countChecks.includes(r),
      ),
    ).toBe(true);
    // Only the assets the retirements freed are read again.
    expect(new Set(countChecks.map((r) => new URLSearchParams(r.query).get("adamId")))).toEqual(freed);
    expect(await copyPairs(call, id)).toEqual(await applePairs(w.apple, uId));
    expect(await copyUsers(call, id)).toEqual(await appleUsers(w.apple, token));
  });

  it("a removal Apple's delta does not list is found by the count check, reading only that asset again", async () => {
    const { id, uId } = await demoLocation();
    const before = await applePairs(w.apple, uId);
    await w.apple.control("POST", `/locations/${uId}/external`, { unassign: 1, seed: 7 });
    const after = await applePairs(w.apple, uId);
    const still = new Set(after);
    const gone = before.filter((p) => !still.has(p));
    expect(gone).toHaveLength(1);
    const from = w.requests(uId).length;
    await syncNow(w.c, w.admin, id);
    const requests = w.requests(uId).slice(from);
    const delta = requests.filter((r) => r.query.includes("sinceVersionId"));
    expect(delta.length).toBeGreaterThan(0);
    const adamId = (gone[0] as string).split(":")[0] as string;
    // The re-read is of that asset only, not a walk of the whole location.
    const reread = requests.filter((r) => r.path === "/assignments" && !r.query.includes("sinceVersionId"));
    expect(reread.length).toBeGreaterThan(0);
    expect(reread.every((r) => r.query.includes(`adamId=${adamId}`))).toBe(true);
    expect(await copyPairs(call, id)).toEqual(after);
  });

  it("a full re-read replaces the copy at once and records what changed", async () => {
    const { id, uId } = await demoLocation();
    await w.apple.control("POST", `/locations/${uId}/external`, { assign: 5, unassign: 5, seed: 3 });
    const status = await syncNow(w.c, w.admin, id, true);
    expect(status).toMatchObject({ state: "idle", via: "full" });
    expect(status.lastChanges).toMatchObject({ added: 5, removed: 5 });
    expect(await copyPairs(call, id)).toEqual(await applePairs(w.apple, uId));
  });

  it("a finished job's results are in the copy at once, without walking Apple's assignments again", async () => {
    const { id, uId } = await demoLocation();
    const targets = serials("SYNCJOB", 40);
    const r = await w.assign(id, targets);
    expect(r.status).toBe(202);
    const from = w.requests(uId).length;
    await w.settled(r.body.id);
    const holders = await copyPairs(call, id, `&adamId=${KEYNOTE}`);
    for (const s of targets) expect(holders).toContain(`${KEYNOTE}:STDQ|device|${s}`);
    const walks = w
      .requests(uId)
      .slice(from)
      .filter(
        (e) =>
          e.path === "/assignments" &&
          !e.query.includes("sinceVersionId") &&
          !e.query.includes("serialNumber"),
      );
    expect(walks).toEqual([]);
  });
});

describe("reads from the copy", () => {
  it("filters on the server, pages by cursor and counts every match", async () => {
    const { id, uId } = await demoLocation();
    const truth = (await applePairs(w.apple, uId)).filter((p) => p.startsWith(`${KEYNOTE}:STDQ|`));
    const first = await call("GET", `/api/locations/${id}/assignments?adamId=${KEYNOTE}&limit=50`);
    expect(first.body.total).toBe(truth.length);
    expect(first.body.items).toHaveLength(Math.min(50, truth.length));
    expect(await copyPairs(call, id, `&adamId=${KEYNOTE}`)).toEqual(truth);
    const device = (truth.find((p) => p.includes("|device|")) as string).split("|")[2] as string;
    const held = await call("GET", `/api/locations/${id}/assignments?serialNumber=${device}`);
    expect(held.body.items.length).toBeGreaterThan(0);
    expect(held.body.items.every((a: any) => a.serialNumber === device)).toBe(true);
  });

  it("finds a serial, a user's e-mail and an app's adamId across every location", async () => {
    const a = await demoLocation();
    const b = await demoLocation();
    const device = (await applePairs(w.apple, a.uId))
      .find((p) => p.includes("|device|"))
      ?.split("|")[2] as string;
    const found = await call("GET", `/api/search?q=${device}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toContainEqual(
      expect.objectContaining({ kind: "device", locationId: a.id, key: device }),
    );
    const user = (await copyUsers(call, b.id)).find((u) => u.split("|")[2] !== "") as string;
    const email = user.split("|")[2] as string;
    const byEmail = await call("GET", `/api/search?q=${encodeURIComponent(email.toUpperCase())}`);
    expect(byEmail.body.items).toContainEqual(
      expect.objectContaining({ kind: "user", key: user.split("|")[0] }),
    );
    const byApp = await call("GET", `/api/search?q=${KEYNOTE}`);
    const locations = byApp.body.items.filter((h: any) => h.kind === "asset").map((h: any) => h.locationId);
    expect(locations).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("the all-locations overview sums each copy", async () => {
    const { id, token } = await demoLocation();
    const apple = (await w.apple.get("/assets?unlimited=false", token)).body.assets as any[];
    const r = await call("GET", "/api/overview");
    const mine = r.body.find((s: any) => s.location.id === id);
    expect(mine.owned).toBe(apple.reduce((n, a) => n + a.totalCount, 0));
    expect(mine.assigned).toBe(apple.reduce((n, a) => n + a.assignedCount, 0));
    expect(mine.sync.state).toBe("idle");
  });

  it("the assignments CSV comes from the copy with no request to Apple; fresh from Apple on request", async () => {
    const { id, uId } = await demoLocation();
    const truth = await applePairs(w.apple, uId);
    const from = w.requests(uId).length;
    const r = await w.c.call("GET", `/api/locations/${id}/export/assignments.csv`, { cookie: w.admin });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-disposition")).toMatch(/vpp-assignments-all-synced-/);
    const lines = r.text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(truth.length + 2);
    expect(lines[lines.length - 1]).toMatch(/^"?NOTE: from the console's copy/);
    expect(
      w
        .requests(uId)
        .slice(from)
        .filter((e) => e.path === "/assignments"),
    ).toEqual([]);
    const live = await w.c.call("GET", `/api/locations/${id}/export/assignments.csv?source=apple`, {
      cookie: w.admin,
    });
    expect(live.status).toBe(200);
    expect(live.text.trimEnd().split("\r\n")).toHaveLength(truth.length + 1);
    expect(
      w
        .requests(uId)
        .slice(from)
        .filter((e) => e.path === "/assignments").length,
    ).toBeGreaterThan(0);
  });

  it("refuses bad input with a specific 400 and changes nothing", async () => {
    const { id } = await demoLocation();
    const cursor = await call("GET", `/api/locations/${id}/assignments?cursor=nonsense`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe("BAD_CURSOR");
    const limit = await call("GET", `/api/locations/${id}/assignments?limit=5000`);
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/limit is at most 1000/);
    const short = await call("GET", "/api/search?q=a");
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/at least 2 characters/);
    const unknown = await call("GET", "/api/locations/nope/assignments");
    expect(unknown.status).toBe(404);
    const sync = await w.c.call("POST", `/api/locations/${id}/sync`, {
      cookie: w.admin,
      body: { full: "yes" },
    });
    expect(sync.status).toBe(400);
  });
});
