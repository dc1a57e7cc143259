import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// §15.10–13: envelope, authentication, rate limiting, method and content-type guards.
let sb: SandboxHarness;
let token: string;
let uId: string;

beforeAll(async () => {
  sb = await startSandbox();
  ({ cToken: token, uId } = await sb.mint({ data: "empty" }));
});
afterAll(() => sb.close());

describe("authentication (§15.11)", () => {
  it("when no Authorization header is sent, then 401 with 9722", async () => {
    const r = await sb.get("/assets");
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      errorNumber: 9722,
      errorMessage: "Invalid Authorization header. The header must be in the format 'Bearer {sToken}'.",
    });
  });

  it("when the header is not 'Bearer {sToken}', then 401 with 9722", async () => {
    for (const value of [`Basic ${token}`, "Bearer", `Bearer ${token} extra`, token]) {
      const r = await sb.get("/assets", undefined, { Authorization: value });
      expect(r.status, value).toBe(401);
      expect(r.body.errorNumber).toBe(9722);
    }
  });

  it("when the token is unknown, then 401 with 9601", async () => {
    const r = await sb.get("/assets", "bm90LWEtdG9rZW4=");
    expect(r.status).toBe(401);
    expect(r.body.errorNumber).toBe(9601);
  });

  it("when the token has expired, then 401 with 9621 and Apple's message", async () => {
    const expired = await sb.mint({ uId, expDate: "2020-12-31T13:57:19+02:00" });
    const r = await sb.get("/client/config", expired.cToken);
    expect(r.status).toBe(401);
    expect(r.body.errorNumber).toBe(9621);
    expect(r.body.errorMessage).toMatch(/school\.apple\.com or business\.apple\.com/);
  });

  it("when the token was revoked, then 401 with 9625", async () => {
    const t = await sb.mint({ uId });
    expect((await sb.control("POST", "/tokens/revoke", { cToken: t.cToken })).status).toBe(204);
    const r = await sb.get("/assets", t.cToken);
    expect(r.status).toBe(401);
    expect(r.body.errorNumber).toBe(9625);
  });

  it("when legacy mode or 200-with-error-body mode is set, then the refusal takes that form", async () => {
    await sb.control("PATCH", "/config", { invalidToken: "legacy" });
    expect((await sb.get("/assets", "bm9wZQ==")).body.errorNumber).toBe(9622);
    await sb.control("PATCH", "/config", { invalidToken: "200" });
    const r = await sb.get("/assets", "bm9wZQ==");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ errorNumber: 9601, errorMessage: "Login required." });
    await sb.control("PATCH", "/config", { invalidToken: "401" });
  });

  it("when Service Config is called without a token or with one, then it answers 200 both times", async () => {
    const bare = await sb.get("/service/config");
    const withToken = await sb.get("/service/config", token);
    expect(bare.status).toBe(200);
    expect(withToken.status).toBe(200);
    expect(bare.body.limits).toEqual({
      maxAssets: 25,
      maxUsers: 100,
      maxNotificationLength: 512,
      maxRevokeClientUserIds: 100,
      maxClientUserIds: 1000,
      maxSerialNumbers: 1000,
      maxRevokeSerialNumbers: 100,
      maxRequestPerSecond: 15,
      maxSubscriptions: 25,
      maxSubscriptionClientUserIds: 1000,
      maxMdmNameLength: 100,
      maxMdmMetadataLength: 255,
      maxMdmIdLength: 100,
    });
    expect(bare.body.uId).toBeUndefined();
    expect(bare.body.urls.getAssets).toBe(`${sb.base}/assets`);
    expect(bare.body.urls.invitationEmail).toContain("inviteCode=%25inviteCode%25&mt=8");
    expect(bare.body.notificationTypes).toEqual([
      "ASSET_MANAGEMENT",
      "USER_MANAGEMENT",
      "USER_ASSOCIATED",
      "ASSET_COUNT",
    ]);
    const numbers = bare.body.errorCodes.map((e: { errorNumber: number }) => e.errorNumber);
    expect(numbers).toEqual(
      expect.arrayContaining([9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9728]),
    );
  });
});

describe("envelope (§15.10)", () => {
  it("when the token expires in more than 15 days, then tokenExpirationDate is absent and uId present", async () => {
    const r = await sb.get("/client/config", token);
    expect(r.body.uId).toBe(uId);
    expect(r.body).not.toHaveProperty("tokenExpirationDate");
    expect(r.body).not.toHaveProperty("mdmInfo");
  });

  it("when the token expires within 15 days, then every response carries tokenExpirationDate in Apple's format", async () => {
    const exp = new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "+0000");
    const soon = await sb.mint({ uId, expDate: exp });
    for (const path of ["/client/config", "/assets", "/assignments", "/users"]) {
      const r = await sb.get(path, soon.cToken);
      expect(r.body.tokenExpirationDate, path).toBe(exp);
    }
  });

  it("when the rule is switched to 'always', then a far-off expiry is also reported", async () => {
    await sb.control("PATCH", "/config", { tokenExpirationDate: "always" });
    expect((await sb.get("/assets", token)).body.tokenExpirationDate).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/,
    );
    await sb.control("PATCH", "/config", { tokenExpirationDate: "window" });
  });

  it("when another MDM takes the location over, then its mdmInfo appears on every response", async () => {
    const other = {
      id: "522d5c43-44ca-4f7e-ba7a-53570cf60765",
      name: "Apple Configurator 2",
      metadata: "2.13.3",
    };
    await sb.control("POST", `/locations/${uId}/takeover`, { mdmInfo: other });
    for (const path of ["/client/config", "/assets", "/users"]) {
      expect((await sb.get(path, token)).body.mdmInfo, path).toEqual(other);
    }
    const ev = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: "361309726" }], serialNumbers: ["X1"] },
      token,
    );
    expect(ev.body.mdmInfo).toEqual(other);
  });
});

describe("guards (§15.12–13)", () => {
  it("when a known path gets the wrong method, then 405 with 9726", async () => {
    const del = await fetch(`${sb.base}/assets`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(405);
    expect(((await del.json()) as any).errorNumber).toBe(9726);
    const getWrite = await sb.get("/assets/associate", token);
    expect(getWrite.status).toBe(405);
  });

  it("when a POST is not application/json, then 415 with 9727 and nothing happens", async () => {
    const r = await sb.post("/users/create", "users=1", token, {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(r.status).toBe(415);
    expect(r.body.errorNumber).toBe(9727);
  });

  it("when the body is not valid JSON, then 400 with 9602", async () => {
    const r = await sb.post("/users/create", "{nope", token);
    expect(r.status).toBe(400);
    expect(r.body.errorNumber).toBe(9602);
  });

  it("when a read-only token writes, then 403 with 9637 and when it reads, then 200", async () => {
    const ro = await sb.mint({ data: "empty", readOnly: true }); // a location of its own: its own rate window
    expect((await sb.get("/assets", ro.cToken)).status).toBe(200);
    const w = await sb.post("/assets/revoke", { serialNumbers: ["A"] }, ro.cToken);
    expect(w.status).toBe(403);
    expect(w.body.errorNumber).toBe(9637);
  });

  it("when a path is not one of Apple's, then 404 with an ErrorResponse body", async () => {
    const r = await sb.get("/licenses", token);
    expect(r.status).toBe(404);
    expect(r.body.errorNumber).toBe(9602);
  });

  it("when more than maxRequestPerSecond requests arrive within a second, then the excess gets 429 with 9646", async () => {
    const fresh = await sb.mint({ data: "empty" });
    await sb.control("PATCH", "/config", { limits: { maxRequestPerSecond: 5 } });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => sb.get("/client/config", fresh.cToken)),
    );
    await sb.control("PATCH", "/config", { limits: { maxRequestPerSecond: 15 } });
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(3);
    expect(throttled[0]?.body.errorNumber).toBe(9646);
    expect(throttled[0]?.headers.get("retry-after")).toBeNull();
  });

  it("when a 503 is injected with Retry-After, then it is answered with 9729 and the header, once", async () => {
    await sb.control("POST", "/faults", { status: 503, retryAfter: 120, pathPrefix: "/assets", count: 1 });
    const r = await sb.get("/assets", token);
    expect(r.status).toBe(503);
    expect(r.body.errorNumber).toBe(9729);
    expect(r.headers.get("retry-after")).toBe("120");
    expect((await sb.get("/assets", token)).status).toBe(200);
  });

  it("when a 500 and a 200-with-error-body are injected, then they carry 9603", async () => {
    await sb.control("POST", "/faults", { status: 500, retryAfter: 5 });
    await sb.control("POST", "/faults", { status: 200, pathPrefix: "/users" });
    const a = await sb.get("/client/config", token);
    expect([a.status, a.body.errorNumber, a.headers.get("retry-after")]).toEqual([500, 9603, "5"]);
    const b = await sb.get("/users", token);
    expect([b.status, b.body.errorNumber]).toEqual([200, 9603]);
    expect(b.body.users).toBeUndefined();
  });

  it("when latency is configured, then answers are delayed by it", async () => {
    await sb.control("PATCH", "/config", { latencyMs: 150 });
    const t0 = performance.now();
    await sb.get("/client/config", token);
    const took = performance.now() - t0;
    await sb.control("PATCH", "/config", { latencyMs: 0 });
    expect(took).toBeGreaterThanOrEqual(140);
  });

  it("when a sandbox control gets a wrong body, then it answers 400 with the reason", async () => {
    const r = await sb.control("POST", "/faults", { status: 418 });
    expect(r.status).toBe(400);
    expect(String(r.body.error)).toMatch(/status/);
  });
});
