import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startConsole, type ConsoleHarness } from "./console-harness.js";

let c: ConsoleHarness;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(() => c.close());

describe("sign-in and sessions", () => {
  it("when no session is presented, then every /api route but health and the session check answers 401", async () => {
    expect((await c.call("GET", "/api/health")).status).toBe(200);
    const me = await c.call("GET", "/api/session");
    expect([me.status, me.body]).toEqual([200, { signedIn: false }]);
    for (const [m, p] of [
      ["GET", "/api/locations"],
      ["GET", "/api/jobs/x"],
      ["POST", "/api/locations"],
      ["GET", "/api/audit"],
      ["GET", "/api/locations/x/vpp/assets"],
      ["GET", "/api/nope"],
    ]) {
      const r = await c.call(m as string, p as string);
      expect(r.status, `${m} ${p}`).toBe(401);
      expect(r.body.error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("when credentials are wrong, then unknown user and wrong password get the same answer", async () => {
    const a = await c.call("POST", "/api/session", { body: { username: "nobody", password: "x" } });
    const b = await c.call("POST", "/api/session", {
      body: { username: ADMIN.username, password: "wrong password" },
    });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body).toEqual(b.body);
    expect(a.headers.get("set-cookie")).toBeNull();
  });

  it("when the sign-in body is malformed, then 400 naming the field", async () => {
    const r = await c.call("POST", "/api/session", { body: { username: "admin" } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/password/);
  });

  it("when signing in works, then the cookie is HttpOnly and SameSite=Strict, and GET /api/session names the user", async () => {
    const r = await c.call("POST", "/api/session", { body: ADMIN });
    expect(r.status).toBe(204);
    const setCookie = r.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^vpp_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await c.call("GET", "/api/session", { cookie: setCookie.split(";")[0] });
    expect(me.body).toEqual({ signedIn: true, username: "admin", role: "admin" });
  });

  it("when signing out, then the session is revoked server-side", async () => {
    const cookie = await c.signIn();
    expect((await c.call("DELETE", "/api/session", { cookie })).status).toBe(204);
    expect((await c.call("GET", "/api/session", { cookie })).body).toEqual({ signedIn: false });
    expect((await c.call("GET", "/api/locations", { cookie })).status).toBe(401);
  });

  it("when the store holds sessions, then it holds only hashes of the cookie values", async () => {
    const cookie = await c.signIn();
    const id = cookie.split("=")[1] as string;
    const rows = c.db.prepare("SELECT id_hash FROM sessions").all() as { id_hash: string }[];
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it("when a state-changing request comes with a foreign Origin, then 403 even with a valid session", async () => {
    const cookie = await c.signIn();
    const r = await c.call("POST", "/api/locations/sandbox", {
      cookie,
      headers: { Origin: "https://evil.example" },
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("FOREIGN_ORIGIN");
    const site = await c.call("DELETE", "/api/session", {
      cookie,
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(site.status).toBe(403);
    expect((await c.call("GET", "/api/session", { cookie })).body.signedIn).toBe(true);
    const own = await c.call("POST", "/api/locations/sandbox", { cookie, headers: { Origin: c.url } });
    expect([200, 201]).toContain(own.status);
  });

  it("when a viewer tries to change anything, then 403; reading works", async () => {
    const admin = await c.signIn();
    const created = await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "teacher", password: "a long viewer password", role: "viewer" },
    });
    expect(created.status).toBe(201);
    const viewer = await c.signIn("teacher", "a long viewer password");
    expect((await c.call("GET", "/api/locations", { cookie: viewer })).status).toBe(200);
    for (const [m, p] of [
      ["POST", "/api/locations"],
      ["POST", "/api/locations/sandbox"],
      ["DELETE", "/api/locations/x"],
      ["POST", "/api/locations/x/claim"],
      ["GET", "/api/audit"],
      ["POST", "/api/accounts"],
    ]) {
      const r = await c.call(m as string, p as string, {
        cookie: viewer,
        ...(m === "GET" ? {} : { body: "x" }),
      });
      expect(r.status, `${m} ${p}`).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
    }
  });

  it("when an account is created with a short password, then 400 and no account", async () => {
    const admin = await c.signIn();
    const r = await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "short", password: "123", role: "viewer" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/12 characters/);
    const list = await c.call("GET", "/api/accounts", { cookie: admin });
    expect(list.body.map((a: any) => a.username)).not.toContain("short");
  });

  it("when sign-ins keep failing for one user, then further attempts are refused with 429 and Retry-After", async () => {
    // A user of its own, so no other case meets this one's lock-out whatever the order.
    const username = "locked-out-teacher";
    for (let i = 0; i < 5; i++) {
      expect(
        (await c.call("POST", "/api/session", { body: { username, password: `wrong ${i}` } })).status,
      ).toBe(401);
    }
    const r = await c.call("POST", "/api/session", {
      body: { username, password: "a long viewer password" },
    });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    const audit = await c.call("GET", "/api/audit", { cookie: await c.signIn() });
    expect(
      audit.body.some(
        (e: any) =>
          e.action === "session.sign-in" && e.result === "refused" && e.detail.reason === "rate-limited",
      ),
    ).toBe(true);
  });

  it("when any page is served, then security headers and a strict CSP are set", async () => {
    const r = await c.call("GET", "/api/health");
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-powered-by")).toBeNull();
  });
});
