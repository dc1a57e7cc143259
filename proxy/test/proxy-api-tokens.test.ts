import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYNOTE, startJobWorld, type JobWorld } from "./job-harness.js";

let w: JobWorld;
beforeAll(async () => {
  w = await startJobWorld();
});
afterAll(() => w.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const mint = (body: object, cookie = w.admin) => w.c.call("POST", "/api/tokens", { cookie, body });
const as = (token: string, method: string, p: string, body?: unknown) =>
  w.c.call(method, p, { headers: bearer(token), ...(body !== undefined ? { body } : {}) });

async function account(username: string, role: "admin" | "viewer") {
  const made = await w.c.call("POST", "/api/accounts", {
    cookie: w.admin,
    body: { username, password: `a long password for ${username}`, role },
  });
  expect(made.status).toBe(201);
  return {
    id: made.body.id as number,
    cookie: await w.c.signIn(username, `a long password for ${username}`),
  };
}

describe("API tokens", () => {
  it("when an admin creates a token, then it is shown once, prefixed, and only its SHA-256 is stored", async () => {
    const r = await mint({ name: "nightly export", role: "viewer", expiresInDays: 30 });
    expect(r.status).toBe(201);
    const token = r.body.token as string;
    expect(token).toMatch(/^vppc_[A-Za-z0-9_-]{43}$/);
    expect(r.body).toMatchObject({
      name: "nightly export",
      role: "viewer",
      createdBy: "admin",
      lastUsedAt: null,
    });
    expect(r.body.prefix).toBe(token.slice(0, 12));
    const days = (Date.parse(r.body.expiresAt) - Date.parse(r.body.createdAt)) / 86_400_000;
    expect(days).toBe(30);
    // Never again: not in the list, not in the audit log, not in the store, not in a log line.
    const list = await w.c.call("GET", "/api/tokens", { cookie: w.admin });
    expect(list.text).not.toContain(token);
    expect(list.body.items.find((t: any) => t.id === r.body.id)).toMatchObject({ prefix: r.body.prefix });
    expect((await w.c.call("GET", "/api/audit", { cookie: w.admin })).text).not.toContain(token);
    w.c.db.pragma("wal_checkpoint(TRUNCATE)");
    for (const f of fs.readdirSync(w.c.dataDir))
      if (fs.statSync(path.join(w.c.dataDir, f)).isFile())
        expect(fs.readFileSync(path.join(w.c.dataDir, f)).includes(token), f).toBe(false);
    const stored = w.c.db.prepare("SELECT hash FROM api_tokens WHERE id = ?").get(r.body.id) as {
      hash: string;
    };
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(w.c.logs.join("\n")).not.toContain(token);
  });

  it("when a viewer token is used, then it reads every /api route a viewer session can and cannot start a job", async () => {
    const loc = await w.newLocation({ data: "demo" });
    const { token } = (await mint({ name: "dashboard", role: "viewer", expiresInDays: 7 })).body;
    expect((await as(token, "GET", "/api/session")).body).toEqual({
      signedIn: true,
      username: "admin",
      role: "viewer",
    });
    expect((await as(token, "GET", "/api/locations")).status).toBe(200);
    const assets = await as(token, "GET", `/api/locations/${loc.id}/vpp/assets`);
    expect(assets.status).toBe(200);
    expect(assets.body.assets.length).toBeGreaterThan(0);
    const job = await as(token, "POST", `/api/locations/${loc.id}/jobs`, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: ["TOKEN00001"],
    });
    expect([job.status, job.body.error.code]).toEqual([403, "FORBIDDEN"]);
    for (const [m, p] of [
      ["GET", "/api/tokens"],
      ["GET", "/api/audit"],
      ["POST", "/api/locations"],
      ["DELETE", `/api/locations/${loc.id}`],
    ] as const)
      expect((await as(token, m, p, m === "GET" ? undefined : "x")).status, `${m} ${p}`).toBe(403);
    expect(w.requests(loc.uId).length).toBeGreaterThan(0); // the reads went to Apple…
    expect(w.requests(loc.uId, "/assets/associate")).toHaveLength(0); // …and nothing was assigned
    // Last used is recorded (and shown).
    const listed = (await w.c.call("GET", "/api/tokens", { cookie: w.admin })).body.items;
    expect(listed.find((t: any) => t.prefix === token.slice(0, 12)).lastUsedAt).not.toBeNull();
  });

  it("when an admin token is used, then it starts a job; it cannot mint tokens or change a password", async () => {
    const loc = await w.newLocation();
    const { token } = (await mint({ name: "rollout script", role: "admin", expiresInDays: 1 })).body;
    const job = await as(token, "POST", `/api/locations/${loc.id}/jobs`, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: ["TOKEN00002"],
    });
    expect(job.status).toBe(202);
    expect((await w.settled(job.body.id)).state).toBe("complete");
    const more = await as(token, "POST", "/api/tokens", {
      name: "escalate",
      role: "admin",
      expiresInDays: 1,
    });
    expect([more.status, more.body.error.code]).toEqual([403, "SESSION_ONLY"]);
    const pw = await as(token, "POST", "/api/session/password", {
      currentPassword: "x",
      newPassword: "a brand new long password",
    });
    expect([pw.status, pw.body.error.code]).toEqual([403, "SESSION_ONLY"]);
    const audit = (await w.c.call("GET", "/api/audit", { cookie: w.admin })).body;
    const actions = (audit.items ?? audit).map((e: any) => e.action);
    expect(actions).toContain("token.create");
  });

  it("when a token is revoked, expired, unknown or malformed, then 401 INVALID_API_TOKEN even with a valid cookie; another Bearer is ignored", async () => {
    const revoked = (await mint({ name: "to revoke", role: "viewer", expiresInDays: 5 })).body;
    expect((await as(revoked.token, "GET", "/api/locations")).status).toBe(200);
    expect((await w.c.call("DELETE", `/api/tokens/${revoked.id}`, { cookie: w.admin })).status).toBe(204);
    const expired = (await mint({ name: "to expire", role: "viewer", expiresInDays: 5 })).body;
    w.c.db.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?").run(Date.now() - 1, expired.id);
    const unknown = `vppc_${"A".repeat(43)}`;
    for (const t of [revoked.token, expired.token, unknown, "vppc_short"]) {
      const r = await w.c.call("GET", "/api/locations", { cookie: w.admin, headers: bearer(t) });
      expect([r.status, r.body.error.code], t.slice(0, 12)).toEqual([401, "INVALID_API_TOKEN"]);
    }
    // Another kind of Authorization is not an API token: the session decides, as without it.
    const foreign = await w.c.call("GET", "/api/locations", {
      cookie: w.admin,
      headers: bearer("browser-own"),
    });
    expect(foreign.status).toBe(200);
    expect((await w.c.call("GET", "/api/locations", { headers: bearer("browser-own") })).status).toBe(401);
    const listed = (await w.c.call("GET", "/api/tokens", { cookie: w.admin })).body.items;
    expect(listed.find((t: any) => t.id === revoked.id).revokedAt).not.toBeNull();
    const missing = await w.c.call("DELETE", "/api/tokens/nope", { cookie: w.admin });
    expect([missing.status, missing.body.error.code]).toEqual([404, "TOKEN_NOT_FOUND"]);
  });

  it("when the admin who made a token is made a viewer or switched off, then the token's rights follow", async () => {
    const ops = await account("ops", "admin");
    const { token } = (await mint({ name: "ops token", role: "admin", expiresInDays: 5 }, ops.cookie)).body;
    expect((await as(token, "GET", "/api/tokens")).status).toBe(200);
    await w.c.call("PATCH", `/api/accounts/${ops.id}`, { cookie: w.admin, body: { role: "viewer" } });
    expect((await as(token, "GET", "/api/session")).body.role).toBe("viewer");
    expect((await as(token, "GET", "/api/tokens")).status).toBe(403);
    await w.c.call("PATCH", `/api/accounts/${ops.id}`, { cookie: w.admin, body: { disabled: true } });
    expect((await as(token, "GET", "/api/locations")).status).toBe(401);
  });

  it("when a viewer asks for a token or the request is malformed, then it is refused in words and nothing is made", async () => {
    const viewer = await account("reader", "viewer");
    const before = (w.c.db.prepare("SELECT COUNT(*) AS n FROM api_tokens").get() as { n: number }).n;
    const byViewer = await mint({ name: "mine", role: "viewer", expiresInDays: 1 }, viewer.cookie);
    expect(byViewer.status).toBe(403);
    for (const [body, words] of [
      [{ name: "", role: "viewer", expiresInDays: 1 }, /name is empty/],
      [{ name: "x", role: "owner", expiresInDays: 1 }, /role/],
      [{ name: "x", role: "viewer", expiresInDays: 400 }, /at most 366/],
      [{ name: "x", role: "viewer", expiresInDays: 1.5 }, /whole number/],
      [{ name: "x", role: "viewer", expiresInDays: 1, token: "vppc_mine" }, /token/],
    ] as const) {
      const r = await mint(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(words);
    }
    expect((w.c.db.prepare("SELECT COUNT(*) AS n FROM api_tokens").get() as { n: number }).n).toBe(before);
  });
});
