import fs from "node:fs";
import path from "node:path";
import { fingerprint } from "../src/sandbox/guard.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// "Apple" is a standalone sandbox reached over HTTP through VPP_BASE_URL, as production would be.
let apple: SandboxHarness;
let c: ConsoleHarness;
let admin: string;

beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 0 });
  c = await startConsole({ VPP_BASE_URL: apple.base });
  admin = await c.signIn();
});
afterAll(async () => {
  await c.close();
  await apple.close();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const upload = (text: string, cookie = admin) => c.call("POST", "/api/locations", { cookie, body: text });
const count = () => (c.db.prepare("SELECT COUNT(*) AS n FROM locations").get() as { n: number }).n;
const storeBytes = () =>
  fs
    .readdirSync(c.dataDir)
    .filter((f) => f.startsWith("vpp-console.sqlite"))
    .map((f) => fs.readFileSync(path.join(c.dataDir, f)))
    .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0));

describe("a standalone sandbox's token", () => {
  it("when it is uploaded to a console pointed elsewhere, then 400 names the sandbox, nothing is sent and nothing added", async () => {
    const other = await startSandbox({ eventTasksPerSecond: 0 });
    other.state.publicBaseUrl = other.base;
    try {
      const t = await other.mint();
      const before = count();
      const r = await upload(t.cToken);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("SANDBOX_TOKEN");
      expect(r.body.error.message).toContain(`VPP_BASE_URL=${other.base}`);
      expect(r.text).not.toContain(t.cToken);
      expect(other.state.requestLog).toEqual([]);
      expect(count()).toBe(before);
    } finally {
      await other.close();
    }
  });

  it("when it is uploaded to a console that uses that sandbox, then it is accepted", async () => {
    apple.state.publicBaseUrl = apple.base;
    try {
      const r = await upload((await apple.mint()).cToken);
      expect(r.status).toBe(201);
    } finally {
      apple.state.publicBaseUrl = undefined;
    }
  });
});

describe("uploading a token", () => {
  it("when a valid token is uploaded, then Apple verifies it and the location is stored without the token in the answer", async () => {
    const t = await apple.mint({
      orgName: "Lincoln Unified School District",
      locationName: "Lincoln High School",
    });
    const r = await upload(`${t.cToken}\n`);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      orgName: "Lincoln Unified School District",
      locationName: "Lincoln High School",
      uId: t.uId,
      upstream: "apple",
      managedByOther: false,
      expiryState: "ok",
      renewed: false,
    });
    expect(r.body.daysToExpiry).toBeGreaterThan(360);
    expect(r.text).not.toContain(t.cToken);
    const inner = JSON.parse(Buffer.from(t.cToken, "base64").toString()).token as string;
    expect(r.text).not.toContain(inner);
    const list = await c.call("GET", "/api/locations", { cookie: admin });
    expect(list.text).not.toContain(t.cToken);
    expect(list.body.map((l: any) => l.uId)).toContain(t.uId);
    const verify = apple.state.requestLog.filter((e) => e.uId === t.uId && e.path === "/client/config");
    expect(verify.at(-1)?.authorization).toBe(fingerprint(`Bearer ${t.cToken}`));
  });

  it("when tokens are stored, then the SQLite file holds neither the token nor its inner value in clear", async () => {
    const t = await apple.mint();
    expect((await upload(t.cToken)).status).toBe(201);
    c.db.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = storeBytes();
    const inner = JSON.parse(Buffer.from(t.cToken, "base64").toString()).token as string;
    expect(bytes.includes(Buffer.from(t.cToken))).toBe(false);
    expect(bytes.includes(Buffer.from(inner))).toBe(false);
    const key = fs.statSync(path.join(c.dataDir, "secret.key"));
    expect(key.mode & 0o777).toBe(0o600);
  });

  const refusals: [string, () => Promise<string>, string, number?][] = [
    ["not Base64", async () => "this is not a token!", "TOKEN_NOT_BASE64"],
    ["Base64 but not JSON", async () => Buffer.from("hello").toString("base64"), "TOKEN_NOT_JSON"],
    [
      "missing orgName",
      async () => b64({ token: "x", expDate: "2030-11-08T22:33:22+0000" }),
      "TOKEN_FIELD_MISSING",
    ],
    [
      "expired",
      async () => b64({ token: "x", expDate: "2020-12-31T13:57:19+02:00", orgName: "O" }),
      "TOKEN_EXPIRED",
    ],
    ["larger than 64 KiB", async () => "A".repeat(70 * 1024), "TOO_LARGE"],
    [
      "well-formed but unknown to Apple",
      async () => b64({ token: "bm9wZQ==", expDate: "2030-11-08T22:33:22+0000", orgName: "O" }),
      "APPLE_REFUSED",
      9601,
    ],
    [
      "revoked at Apple",
      async () => {
        const t = await apple.mint();
        await apple.control("POST", "/tokens/revoke", { cToken: t.cToken });
        return t.cToken;
      },
      "APPLE_REFUSED",
      9625,
    ],
  ];
  for (const [name, make, code, appleNumber] of refusals) {
    it(`when the token is ${name}, then 400 ${code} with a message, and nothing is stored`, async () => {
      const before = count();
      const r = await upload(await make());
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message.length).toBeGreaterThan(20);
      if (appleNumber) expect(r.body.error.appleErrorNumber).toBe(appleNumber);
      expect(count()).toBe(before);
    });
  }

  it("when a token for a known uId is uploaded, then the location is renewed, not duplicated, and the renewal is recorded", async () => {
    const first = await apple.mint({ expDate: "2027-06-01T00:00:00+0000" });
    const a = await upload(first.cToken);
    const before = count();
    const second = await apple.mint({ uId: first.uId, expDate: "2028-06-01T00:00:00+0000" });
    const b = await upload(second.cToken);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ id: a.body.id, renewed: true, expDate: "2028-06-01T00:00:00+0000" });
    expect(count()).toBe(before);
    const hist = c.db
      .prepare(
        "SELECT previous_exp_date AS p, new_exp_date AS n FROM location_renewals WHERE location_id = ?",
      )
      .all(a.body.id);
    expect(hist).toEqual([{ p: "2027-06-01T00:00:00+0000", n: "2028-06-01T00:00:00+0000" }]);
    // The renewed token is the one used from now on.
    await c.call("GET", `/api/locations/${a.body.id}/vpp/client/config`, { cookie: admin });
    expect(apple.state.requestLog.at(-1)?.authorization).toBe(fingerprint(`Bearer ${second.cToken}`));
  });

  it("when a location is deleted, then its token is erased from the store", async () => {
    const t = await apple.mint();
    const r = await upload(t.cToken);
    c.db.pragma("wal_checkpoint(TRUNCATE)");
    const sealed = (
      c.db.prepare("SELECT token_enc FROM locations WHERE id = ?").get(r.body.id) as { token_enc: Buffer }
    ).token_enc;
    expect((await c.call("DELETE", `/api/locations/${r.body.id}`, { cookie: admin })).status).toBe(204);
    c.db.pragma("wal_checkpoint(TRUNCATE)");
    expect(storeBytes().includes(sealed)).toBe(false);
    expect((await c.call("GET", `/api/locations/${r.body.id}`, { cookie: admin })).status).toBe(404);
  });

  it("when the token expires within 30 or 15 days, then the location warns", async () => {
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "+0000");
    const r = await upload((await apple.mint({ expDate: soon })).cToken);
    expect(r.body).toMatchObject({ daysToExpiry: 19, expiryState: "warning" });
    const sooner = new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "+0000");
    const s = await upload((await apple.mint({ expDate: sooner })).cToken);
    expect(s.body.expiryState).toBe("critical");
  });

  it("when the demo location is asked for twice, then one sandbox location exists", async () => {
    const a = await c.call("POST", "/api/locations/sandbox", { cookie: admin });
    const b = await c.call("POST", "/api/locations/sandbox", { cookie: admin });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body).toMatchObject({ upstream: "sandbox", orgName: "Lincoln Unified School District" });
  });
});

describe("another MDM on the same location", () => {
  it("when another MDM manages the location at upload, then managedByOther names it; claiming makes this console the manager", async () => {
    const t = await apple.mint();
    await apple.control("POST", `/locations/${t.uId}/takeover`, {
      mdmInfo: { id: "jamf-1", name: "Jamf Pro", metadata: "11.8" },
    });
    const r = await upload(t.cToken);
    expect(r.body).toMatchObject({ managedByOther: true, managedByUs: false, mdmInfo: { name: "Jamf Pro" } });
    const claimed = await c.call("POST", `/api/locations/${r.body.id}/claim`, { cookie: admin });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      managedByOther: false,
      managedByUs: true,
      mdmInfo: { name: "vpp-console" },
    });
    const cfg = (await apple.get("/client/config", t.cToken)).body;
    expect(cfg.mdmInfo).toEqual(claimed.body.mdmInfo);

    // Someone else takes it back later: the next answer from Apple reveals it.
    await apple.control("POST", `/locations/${t.uId}/takeover`, {
      mdmInfo: { id: "intune-1", name: "Microsoft Intune", metadata: "2026" },
    });
    await c.call("GET", `/api/locations/${r.body.id}/vpp/assets`, { cookie: admin });
    const after = await c.call("GET", `/api/locations/${r.body.id}`, { cookie: admin });
    expect(after.body).toMatchObject({ managedByOther: true, mdmInfo: { name: "Microsoft Intune" } });
    const audit = (await c.call("GET", "/api/audit", { cookie: admin })).body;
    expect(
      audit.find((e: any) => e.action === "location.managed-by-other" && e.target === r.body.id)?.detail,
    ).toMatchObject({ now: "Microsoft Intune", takenFromUs: true });
    expect(audit.find((e: any) => e.action === "location.claim" && e.target === r.body.id)).toMatchObject({
      actor: "admin",
      result: "ok",
    });
  });
});
