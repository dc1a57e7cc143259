import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startConsole, type ConsoleHarness } from "./console-harness.js";

const MINUTE = 60_000;
let c: ConsoleHarness;
let admin: string;
beforeAll(async () => {
  c = await startConsole({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_HOURS: "8" });
  admin = await c.signIn();
});
afterAll(() => c.close());

async function person(username: string, role: "admin" | "viewer" = "viewer") {
  const password = `a long password for ${username}`;
  const made = await c.call("POST", "/api/accounts", { cookie: admin, body: { username, password, role } });
  expect(made.status).toBe(201);
  return { id: made.body.id as number, signIn: () => c.signIn(username, password) };
}

const signedIn = async (cookie: string) =>
  (await c.call("GET", "/api/session", { cookie })).body.signedIn as boolean;
const sessionsOf = async (username: string) =>
  ((await c.call("GET", "/api/accounts", { cookie: admin })).body as any[]).find(
    (a) => a.username === username,
  ).sessions as number;

describe("session lifetime and signing out everywhere", () => {
  it("when sessions are set to 30 min idle and 8 h at most, then the cookie ends at 8 h and the store at 30 min", async () => {
    const before = Date.now();
    const r = await c.call("POST", "/api/session", { body: ADMIN });
    const expires = Date.parse(/Expires=([^;]+)/.exec(r.headers.get("set-cookie") ?? "")?.[1] ?? "");
    // Cookie dates are whole seconds.
    expect(expires).toBeGreaterThanOrEqual(Math.floor((before + 8 * 60 * MINUTE) / 1000) * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 8 * 60 * MINUTE);
    const newest = c.db
      .prepare(
        "SELECT created_at AS createdAt, expires_at AS expiresAt FROM sessions ORDER BY created_at DESC",
      )
      .get() as { createdAt: number; expiresAt: number };
    expect(newest.expiresAt - newest.createdAt).toBe(30 * MINUTE);
  });

  it("when someone signs out everywhere, then every session of theirs ends, this one too, and others' stay", async () => {
    const teacher = await person("teacher");
    const laptop = await teacher.signIn();
    const phone = await teacher.signIn();
    const lab = await teacher.signIn();
    expect(await sessionsOf("teacher")).toBe(3);
    const r = await c.call("DELETE", "/api/sessions", { cookie: phone });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ended: 3 });
    expect(r.headers.get("set-cookie")).toMatch(/vpp_session=;/);
    for (const cookie of [laptop, phone, lab]) expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(admin)).toBe(true);
    expect(await sessionsOf("teacher")).toBe(0);
    const audit = (await c.call("GET", "/api/audit", { cookie: admin })).body as any[];
    expect(audit.find((e) => e.action === "session.sign-out-everywhere")).toMatchObject({
      actor: "teacher",
      result: "ok",
    });
    // Signed out, there is nothing to end.
    expect((await c.call("DELETE", "/api/sessions", { cookie: phone })).status).toBe(401);
  });

  it("when an admin signs another account out, then its sessions end at once and its password still works", async () => {
    const nurse = await person("nurse");
    const a = await nurse.signIn();
    const b = await nurse.signIn();
    const r = await c.call("POST", `/api/accounts/${nurse.id}/sign-out`, { cookie: admin });
    expect(r.body).toEqual({ username: "nurse", ended: 2 });
    expect(await signedIn(a)).toBe(false);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(await nurse.signIn())).toBe(true);
    const audit = (await c.call("GET", "/api/audit", { cookie: admin })).body as any[];
    expect(audit.find((e) => e.action === "account.sign-out" && e.target === "nurse")).toBeTruthy();
  });

  it("when the sign-out is asked of one's own account, an unknown one, by a viewer or by a token, then it is refused and nothing ends", async () => {
    const me = ((await c.call("GET", "/api/accounts", { cookie: admin })).body as any[]).find(
      (a) => a.username === ADMIN.username,
    );
    const own = await c.call("POST", `/api/accounts/${me.id}/sign-out`, { cookie: admin });
    expect(own.body.error.code).toBe("OWN_ACCOUNT");
    expect((await c.call("POST", "/api/accounts/99999/sign-out", { cookie: admin })).status).toBe(404);
    const viewer = await person("visitor");
    const theirs = await viewer.signIn();
    const forbidden = await c.call("POST", `/api/accounts/${me.id}/sign-out`, { cookie: theirs });
    expect(forbidden.status).toBe(403);
    const token = (
      await c.call("POST", "/api/tokens", {
        cookie: admin,
        body: { name: "script", role: "admin", expiresInDays: 1 },
      })
    ).body.token as string;
    const byToken = await c.call("DELETE", "/api/sessions", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(byToken.body.error.code).toBe("SESSION_ONLY");
    expect(await signedIn(admin)).toBe(true);
    expect(await signedIn(theirs)).toBe(true);
  });
});
