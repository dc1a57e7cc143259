import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startConsole, type ConsoleHarness } from "./console-harness.js";

let c: ConsoleHarness;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(() => c.close());

describe("sign-in and sessions", () => {
  it("when no session is presented, then every /api route but health, the session check and single sign-on answers 401", async () => {
    expect((await c.call("GET", "/api/health")).status).toBe(200);
    const me = await c.call("GET", "/api/session");
    expect([me.status, me.body]).toEqual([200, { signedIn: false, signIn: { local: true, sso: null } }]);
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
    expect((await c.call("GET", "/api/session", { cookie })).body).toMatchObject({ signedIn: false });
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

  it("when an admin switches an account off, changes its role or resets it, then it takes effect at once, audited", async () => {
    const admin = await c.signIn();
    const made = await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "librarian", password: "a long librarian password", role: "viewer" },
    });
    const id = made.body.id as number;
    const theirs = await c.signIn("librarian", "a long librarian password");
    const patch = (body: object, cookie = admin, who = id) =>
      c.call("PATCH", `/api/accounts/${who}`, { cookie, body });
    // Promoted: the old session ends (its role was the old one); a new sign-in is an admin.
    expect((await patch({ role: "admin" })).body).toMatchObject({ role: "admin", disabled: false });
    expect((await c.call("GET", "/api/session", { cookie: theirs })).body.signedIn).toBe(false);
    const again = await c.signIn("librarian", "a long librarian password");
    expect((await c.call("GET", "/api/accounts", { cookie: again })).status).toBe(200);
    // Switched off: the session ends now and sign-in is refused in words.
    expect((await patch({ disabled: true })).body.disabled).toBe(true);
    expect((await c.call("GET", "/api/session", { cookie: again })).body.signedIn).toBe(false);
    const refused = await c.call("POST", "/api/session", {
      body: { username: "librarian", password: "a long librarian password" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("ACCOUNT_DISABLED");
    // A wrong password still says only that the credentials are wrong.
    const wrong = await c.call("POST", "/api/session", { body: { username: "librarian", password: "nope" } });
    expect(wrong.body.error.code).toBe("BAD_CREDENTIALS");
    await patch({ disabled: false });
    // Reset: a new password shown once; the old one no longer works.
    const reset = await c.call("POST", `/api/accounts/${id}/reset-password`, { cookie: admin });
    expect(reset.body.password).toMatch(/^[\w-]{20}$/);
    const old = await c.call("POST", "/api/session", {
      body: { username: "librarian", password: "a long librarian password" },
    });
    expect(old.status).toBe(401);
    await c.signIn("librarian", reset.body.password);
    // Nobody changes their own account here, and a bad body changes nothing.
    const me = (await c.call("GET", "/api/accounts", { cookie: admin })).body.find(
      (a: any) => a.username === ADMIN.username,
    );
    expect((await patch({ role: "viewer" }, admin, me.id)).body.error.code).toBe("OWN_ACCOUNT");
    expect((await patch({ role: "owner" })).status).toBe(400);
    const audit = (await c.call("GET", "/api/audit", { cookie: admin })).body as any[];
    expect(audit.filter((e) => e.action === "account.update" && e.target === "librarian")).toHaveLength(3);
    expect(audit.some((e) => e.action === "account.reset-password" && e.target === "librarian")).toBe(true);
  });

  it("when someone changes their own password, then the current one is required, other sessions end and this one stays", async () => {
    const admin = await c.signIn();
    await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "counsellor", password: "a long counsellor password", role: "viewer" },
    });
    const other = await c.signIn("counsellor", "a long counsellor password");
    const mine = await c.signIn("counsellor", "a long counsellor password");
    const bad = await c.call("POST", "/api/session/password", {
      cookie: mine,
      body: { currentPassword: "wrong", newPassword: "a brand new password" },
    });
    expect(bad.body.error.code).toBe("BAD_CURRENT_PASSWORD");
    const short = await c.call("POST", "/api/session/password", {
      cookie: mine,
      body: { currentPassword: "a long counsellor password", newPassword: "short" },
    });
    expect(short.status).toBe(400);
    const ok = await c.call("POST", "/api/session/password", {
      cookie: mine,
      body: { currentPassword: "a long counsellor password", newPassword: "a brand new password" },
    });
    expect(ok.status).toBe(204);
    const renewed = (ok.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect((await c.call("GET", "/api/session", { cookie: renewed })).body.signedIn).toBe(true);
    expect((await c.call("GET", "/api/session", { cookie: other })).body.signedIn).toBe(false);
    await c.signIn("counsellor", "a brand new password");
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
