import { fingerprint } from "../src/sandbox/guard.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

let apple: SandboxHarness;
let c: ConsoleHarness;
let admin: string;
let token: string;
let uId: string;
let id: string;

beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 0 });
  c = await startConsole({ VPP_BASE_URL: apple.base, UPSTREAM_TIMEOUT_MS: "1000" });
  admin = await c.signIn();
});
afterAll(async () => {
  await c.close();
  await apple.close();
});
// Each case gets a location of its own: its own uId (Apple's rate window) and its own gate.
beforeEach(async () => {
  await apple.control("DELETE", "/faults");
  ({ cToken: token, uId } = await apple.mint());
  id = (await c.call("POST", "/api/locations", { cookie: admin, body: token })).body.id;
});

const upstreamCalls = () =>
  apple.state.requestLog.filter((e) => e.uId === uId || e.authorization === fingerprint(`Bearer ${token}`));
const vpp = (p: string, opts: Parameters<ConsoleHarness["call"]>[2] = {}) =>
  c.call("GET", `/api/locations/${id}/vpp/${p}`, { cookie: admin, ...opts });

describe("read-only forwarding", () => {
  it("when assets are read, then the upstream call carried the token and no cookie, and the answer carries no token", async () => {
    const r = await vpp("assets?productType=Book", { headers: { Authorization: "Bearer browser-supplied" } });
    expect(r.status).toBe(200);
    expect(r.body.assets.length).toBeGreaterThan(5);
    expect(r.body.assets.every((a: any) => a.productType === "Book")).toBe(true);
    const call = upstreamCalls().at(-1);
    expect(call).toMatchObject({
      method: "GET",
      path: "/assets",
      query: "productType=Book",
      authorization: fingerprint(`Bearer ${token}`),
    });
    expect(call?.cookie).toBeUndefined();
    expect(r.text).not.toContain(token);
    expect([...r.headers.values()].join(" ")).not.toContain(token);
    expect(r.headers.get("set-cookie")).toBeNull();
  });

  it("when each allowlisted endpoint is read, then it is forwarded", async () => {
    for (const p of [
      "service/config",
      "client/config",
      "assets",
      "assignments?pageIndex=1",
      "users?activeOnly=true",
    ]) {
      const r = await vpp(p);
      expect(r.status, p).toBe(200);
    }
  });

  it("when a path is not allowlisted or is a path trick, then 404 and nothing goes upstream", async () => {
    const before = upstreamCalls().length;
    for (const p of [
      "assets/associate",
      "assets/revoke",
      "users/create",
      "..%2Fassets",
      "assets%2Fassociate",
      "../../api/audit",
      // (the client resolves dot segments: "%2e%2e/assets" is the console's own copy route, not Apple)
      "%2e%2e/vpp/licenses",
      "//evil.example/assets",
      "http:%2F%2Fevil.example%2Fassets",
      "licenses",
    ]) {
      const r = await vpp(p);
      expect(r.status, p).toBe(404);
    }
    expect(upstreamCalls().length).toBe(before);
  });

  it("when a write method is used on the forwarding path, then 405 and nothing goes upstream", async () => {
    const before = upstreamCalls().length;
    for (const m of ["POST", "PUT", "DELETE", "PATCH"]) {
      const r = await c.call(m, `/api/locations/${id}/vpp/assets/associate`, {
        cookie: admin,
        body: { assets: [] },
        headers: { Origin: c.url },
      });
      expect(r.status, m).toBe(405);
    }
    expect(upstreamCalls().length).toBe(before);
  });

  it("when Apple answers 200 with an error body, then the proxy returns it as an error with Apple's number", async () => {
    await apple.control("POST", "/faults", { status: 200, errorNumber: 9601, pathPrefix: "/users", uId });
    const r = await vpp("users");
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: "APPLE_REFUSED", appleErrorNumber: 9601 });
    expect(r.body.error.message).toMatch(/token/i);
    // Apple refused the token itself: the location says so, and nothing more is asked of Apple.
    const calls = upstreamCalls().length;
    const next = await vpp("assets");
    expect([next.status, next.body.error.code, next.body.error.appleErrorNumber]).toEqual([
      409,
      "TOKEN_REFUSED",
      9601,
    ]);
    expect(upstreamCalls()).toHaveLength(calls);
    expect((await c.call("GET", `/api/locations/${id}`, { cookie: admin })).body.tokenRefused).toMatchObject({
      errorNumber: 9601,
    });
  });

  it("when Apple refuses a page, then its error number comes back (9650)", async () => {
    const r = await vpp("assignments?pageIndex=99999");
    expect(r.status).toBe(422);
    expect(r.body.error.appleErrorNumber).toBe(9650);
  });

  it("when Apple answers 503 with Retry-After, then callers get 503 with the remaining wait and nothing goes upstream during the hold", async () => {
    await apple.control("POST", "/faults", { status: 503, retryAfter: 2, pathPrefix: "/assets", uId });
    const first = await vpp("assets");
    expect(first.status).toBe(503);
    expect(first.body.error).toMatchObject({
      code: "APPLE_HOLD",
      appleErrorNumber: 9729,
      retryAfterSeconds: 2,
    });
    expect(first.headers.get("retry-after")).toBe("2");
    const before = upstreamCalls().length;
    const during = await Promise.all([vpp("assets"), vpp("users"), vpp("client/config")]);
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe("APPLE_HOLD");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(upstreamCalls().length).toBe(before);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await vpp("assets")).status).toBe(200);
  });

  it("when Apple throttles with 429 and no Retry-After, then the location is held with an incremental back-off", async () => {
    await apple.control("POST", "/faults", { status: 429, pathPrefix: "/users", uId });
    const r = await vpp("users");
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: "APPLE_HOLD", appleErrorNumber: 9646, retryAfterSeconds: 1 });
    const before = upstreamCalls().length;
    expect((await vpp("assets")).status).toBe(503);
    expect(upstreamCalls().length).toBe(before);
    await new Promise((res) => setTimeout(res, 1100));
  });

  it("when 40 reads arrive at once, then none is throttled by Apple: the proxy keeps under maxRequestPerSecond", async () => {
    const start = apple.state.requestLog.length;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => vpp(`assignments?pageIndex=${i % 30}`)),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const times = apple.state.requestLog
      .slice(start)
      .filter((e) => e.uId === uId)
      .map((e) => e.at);
    expect(times).toHaveLength(40);
    for (let i = 0; i + 15 < times.length; i++) {
      expect(
        (times[i + 15] as number) - (times[i] as number),
        `16 requests within a second at ${i}`,
      ).toBeGreaterThanOrEqual(1000);
    }
  });

  it("when Apple does not answer in time, then 504 with a clear message", async () => {
    await apple.control("PATCH", "/config", { latencyMs: 2500 });
    const r = await vpp("client/config");
    await apple.control("PATCH", "/config", { latencyMs: 0 });
    expect(r.status).toBe(504);
    expect(r.body.error).toMatchObject({
      code: "UPSTREAM_TIMEOUT",
      message: "Apple did not answer within 1 s.",
    });
  });

  it("when many reads have gone through, then service config was fetched once (cached per upstream)", async () => {
    const fetches = apple.state.requestLog.filter(
      (e) => e.path === "/service/config" && e.authorization === undefined,
    );
    expect(fetches).toHaveLength(1);
  });

  it("when the location is unknown, then 404", async () => {
    expect((await c.call("GET", "/api/locations/nope/vpp/assets", { cookie: admin })).status).toBe(404);
  });
});

describe("metadata", () => {
  it("when names are asked for, then apps, books and the custom app come back; unknown ids are absent; a second ask is served from the store", async () => {
    const r = await c.call(
      "GET",
      `/api/locations/${id}/metadata?ids=361285480,1160354987,1637721405,999999`,
      { cookie: admin },
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["1160354987", "1637721405", "361285480"]);
    expect(r.body["361285480"]).toMatchObject({
      name: "Keynote",
      kind: "iosSoftware",
      bundleId: "com.apple.Keynote",
      customApp: false,
    });
    expect(r.body["361285480"].iconUrl).toBe(`/api/locations/${id}/icons/361285480`);
    expect(r.body["1637721405"]).toMatchObject({ name: "LUSD Lab Kiosk", customApp: true });
    expect(r.text).not.toContain(token);
    const cached = c.db.prepare("SELECT COUNT(*) AS n FROM metadata").get() as { n: number };
    expect(cached.n).toBe(4);
    const again = await c.call("GET", `/api/locations/${id}/metadata?ids=361285480,999999`, {
      cookie: admin,
    });
    expect(Object.keys(again.body)).toEqual(["361285480"]);
  });

  it("when ids are malformed, then 400 naming the bad one", async () => {
    const r = await c.call("GET", `/api/locations/${id}/metadata?ids=123,abc`, { cookie: admin });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('"abc"');
  });
});

describe("secrets stay secret", () => {
  it("when everything above has run, then no log line holds a token", async () => {
    const all = c.logs.join("\n");
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(token);
    expect(all).not.toContain(JSON.parse(Buffer.from(token, "base64").toString()).token);
  });
});
