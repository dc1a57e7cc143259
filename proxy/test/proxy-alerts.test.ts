import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertView } from "../src/api-types.js";
import { verifySignature } from "../src/webhooks/payloads.js";
import { KEYNOTE, PROCREATE, serials, startJobWorld, type JobWorld } from "./job-harness.js";
import { until, startMailbox, startReceiver } from "./receivers.js";
import { syncNow } from "./sync-harness.js";

let w: JobWorld;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
beforeAll(async () => {
  mailbox = await startMailbox();
  w = await startJobWorld({
    SYNC: "on",
    ALERT_TICK_MS: "200",
    WEBHOOK_RETRY_MS: "100",
    SMTP_URL: mailbox.url,
    PUBLIC_URL: "auto",
  });
});
afterAll(async () => {
  await w.close();
  await mailbox.close();
});

const DAY = 86_400_000;
const alerts = async (cookie = w.admin): Promise<{ items: AlertView[]; unread: number }> =>
  (await w.c.call("GET", "/api/alerts", { cookie })).body;
const alertsOf = async (locationId: string, rule: string) =>
  (await alerts()).items.filter((a) => a.locationId === locationId && a.rule === rule).reverse();

/** A location of its own, read into the copy. */
async function located(opts: Record<string, unknown> = { data: "empty" }) {
  const loc = await w.newLocation(opts);
  await w.c.services.sync.settled(loc.id);
  return loc;
}

const job = async (id: string, body: object) => {
  const r = await w.submit(id, body);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const done = await w.settled(r.body.id);
  await w.c.services.alerts.tick();
  return done;
};

describe("alerts", () => {
  it("when a job uses a limited title down to 20 % and 10 %, then it warns once, turns critical once, clears, and fires again after", async () => {
    const hook = await startReceiver([500]);
    const made = await w.c.call("POST", "/api/webhooks", {
      cookie: w.admin,
      body: { name: "ops receiver", url: hook.url, events: ["alert.fired"] },
    });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const channels = await w.c.call("PUT", "/api/alerts/channels", {
      cookie: w.admin,
      body: { emailTo: ["content-manager@school.example"] },
    });
    expect(channels.body).toMatchObject({ emailTo: ["content-manager@school.example"], smtp: true });

    const { id, uId } = await located();
    await w.c.call("PUT", `/api/locations/${id}/alerts/settings`, {
      cookie: w.admin,
      body: { warningPercent: 20, criticalPercent: 10, criticalLeft: 0 },
    });
    // Ten Procreate licences at "Apple", none assigned.
    expect(
      (
        await w.apple.control("POST", `/locations/${uId}/asset-count`, {
          adamId: PROCREATE,
          countDelta: -390,
        })
      ).status,
    ).toBe(200);
    await syncNow(w.c, w.admin, id);
    await w.c.services.alerts.tick();
    expect(await alertsOf(id, "running-out")).toEqual([]);

    const assign = (s: string[]) =>
      job(id, { type: "associate", assets: [{ adamId: PROCREATE }], serialNumbers: s });
    await assign(serials("RUN", 8));
    let fired = await alertsOf(id, "running-out");
    expect(fired.map((a) => [a.severity, a.clearedAt])).toEqual([["warning", null]]);
    expect(fired[0]?.title).toMatch(/running out at .*: 2 licences of 10 left/);
    expect(fired[0]?.link).toBe(`/l/${id}/assets/${PROCREATE}/STDQ`);
    // Still true on the next passes: not again.
    await w.c.services.alerts.tick();
    await w.c.services.alerts.tick();
    expect(await alertsOf(id, "running-out")).toHaveLength(1);

    await assign(["RUN90001"]);
    fired = await alertsOf(id, "running-out");
    expect(fired.map((a) => a.severity)).toEqual(["warning", "critical"]);
    expect(fired[1]?.title).toMatch(/1 licence of 10 left/);
    // The last one: used up is worse than critical, so it fires once more — and only once.
    await assign(["RUN90002"]);
    await w.c.services.alerts.tick();
    fired = await alertsOf(id, "running-out");
    expect(fired.map((a) => a.severity)).toEqual(["warning", "critical", "critical"]);
    expect(fired[2]?.title).toMatch(/ has no licences left at /);

    await job(id, {
      type: "disassociate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: [...serials("RUN", 8), "RUN90001", "RUN90002"],
    });
    fired = await alertsOf(id, "running-out");
    expect(fired.every((a) => a.clearedAt !== null)).toBe(true);
    await assign(serials("AGAIN", 8));
    fired = await alertsOf(id, "running-out");
    expect(fired.map((a) => [a.severity, a.clearedAt === null])).toEqual([
      ["warning", false],
      ["critical", false],
      ["critical", false],
      ["warning", true],
    ]);

    // Mail: one per alert, subject and link to the screen.
    const mail = await until(() => mailbox.mails.find((m) => m.subject?.includes("2 licences of 10 left")));
    expect(mail.subject).toMatch(/^\[vpp-console\] Warning: .* is running out at /);
    expect(mail.to && "value" in mail.to ? mail.to.value[0]?.address : undefined).toBe(
      "content-manager@school.example",
    );
    expect(mail.text).toContain(`${w.c.url}/l/${id}/assets/${PROCREATE}/STDQ`);
    expect(mail.html).toContain(`href="${w.c.url}/l/${id}/assets/${PROCREATE}/STDQ"`);

    // Webhook: refused once with a 500, taken on the retry; every attempt signed.
    const first = (fired[0] as AlertView).id;
    const attempts = await until(() => {
      const got = hook.received.filter((r) => JSON.parse(r.body).data?.id === first);
      return got.length >= 2 && got;
    });
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    for (const a of attempts) {
      expect(a.headers["x-vppc-event"]).toBe("alert.fired");
      expect(verifySignature(secret, a.body, a.headers["x-vppc-signature"] as string)).toBe(true);
      expect(verifySignature("whsec_wrong", a.body, a.headers["x-vppc-signature"] as string)).toBe(false);
    }
    expect(JSON.parse(attempts[1]?.body as string)).toMatchObject({
      event: "alert.fired",
      url: `${w.c.url}/l/${id}/assets/${PROCREATE}/STDQ`,
      data: { rule: "running-out", severity: "warning", locationId: id },
    });
    const log = await w.c.call("GET", `/api/webhooks/${made.body.id}/deliveries`, { cookie: w.admin });
    const delivery = log.body.items.find(
      (d: any) => d.id === Number(attempts[0]?.headers["x-vppc-delivery"]),
    );
    expect(delivery).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastStatus: 200,
      event: "alert.fired",
    });
    await w.c.call("DELETE", `/api/webhooks/${made.body.id}`, { cookie: w.admin });
    await hook.close();
  });

  it("when a token nears its expiry, then it fires at 30, 15 and 7 days, once each, and re-arms on renewal", async () => {
    const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().replace(/\.\d+Z$/, "+0000");
    const t = await w.apple.mint({ data: "empty", expDate: day(20) });
    const added = await w.c.call("POST", "/api/locations", { cookie: w.admin, body: t.cToken });
    const id = added.body.id as string;
    const renew = async (days: number) => {
      const r = await w.c.call("POST", "/api/locations", {
        cookie: w.admin,
        body: (await w.apple.mint({ uId: t.uId, data: "empty", expDate: day(days) })).cToken,
      });
      expect(r.status).toBe(200);
      await w.c.services.alerts.tick();
    };
    await w.c.services.alerts.tick();
    await w.c.services.alerts.tick();
    let fired = await alertsOf(id, "token-expiry");
    expect(fired.map((a) => a.severity)).toEqual(["warning"]);
    expect(fired[0]?.title).toMatch(/expires in (19|20) days/);
    await renew(10);
    await renew(9);
    fired = await alertsOf(id, "token-expiry");
    expect(fired.map((a) => [a.severity, a.title.match(/in (\d+) days/)?.[1]])).toEqual([
      ["warning", expect.stringMatching(/19|20/)],
      ["warning", expect.stringMatching(/9|10/)],
    ]);
    await renew(200);
    expect((await alertsOf(id, "token-expiry")).every((a) => a.clearedAt !== null)).toBe(true);
    await renew(5);
    fired = await alertsOf(id, "token-expiry");
    expect(fired.map((a) => a.severity)).toEqual(["warning", "warning", "critical"]);
  });

  it("when a job ends with failures, then everyone sees one alert, read per person", async () => {
    const { id } = await located();
    const done = await job(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      clientUserIds: ["ghost-1", "ghost-2"],
    });
    expect(done.failures.length).toBeGreaterThan(0);
    const fired = await alertsOf(id, "job-failures");
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ link: `/l/${id}/jobs/${done.id}`, read: false });
    expect(fired[0]?.title).toMatch(/finished with \d+ failures?/);

    const made = await w.c.call("POST", "/api/accounts", {
      cookie: w.admin,
      body: { username: "alert-viewer", password: "a long viewer password", role: "viewer" },
    });
    expect(made.status).toBe(201);
    const viewer = await w.c.signIn("alert-viewer", "a long viewer password");
    const before = await alerts(viewer);
    expect(before.unread).toBeGreaterThan(0);
    const read = await w.c.call("POST", "/api/alerts/read", {
      cookie: viewer,
      body: { ids: [fired[0]?.id] },
    });
    expect(read.body.unread).toBe(before.unread - 1);
    expect((await alerts(viewer)).items.find((a) => a.id === fired[0]?.id)?.read).toBe(true);
    expect((await alerts()).items.find((a) => a.id === fired[0]?.id)?.read).toBe(false);
    expect((await w.c.call("POST", "/api/alerts/read", { cookie: viewer, body: {} })).body.unread).toBe(0);
    // A viewer reads alerts but does not change where they go.
    expect((await w.c.call("PUT", "/api/alerts/channels", { cookie: viewer, body: {} })).status).toBe(403);
    expect(
      (await w.c.call("PUT", `/api/locations/${id}/alerts/settings`, { cookie: viewer, body: {} })).status,
    ).toBe(403);
  });

  it("when another MDM takes the location over, then a critical alert says who, and it clears when claimed back", async () => {
    const { id, uId } = await located();
    await w.apple.control("POST", `/locations/${uId}/takeover`, {
      mdmInfo: { id: "other-mdm", name: "Other MDM", metadata: "" },
    });
    await w.c.call("GET", `/api/locations/${id}/vpp/client/config`, { cookie: w.admin });
    await w.c.services.alerts.tick();
    const fired = await alertsOf(id, "managed-by-other");
    expect(fired.map((a) => a.severity)).toEqual(["critical"]);
    expect(fired[0]?.body).toContain("Other MDM");
    expect((await w.c.call("POST", `/api/locations/${id}/claim`, { cookie: w.admin })).status).toBe(200);
    await w.c.services.alerts.tick();
    expect((await alertsOf(id, "managed-by-other"))[0]?.clearedAt).not.toBeNull();
  });

  it("when Apple refuses the token, then a critical alert says to upload the newest one, and it clears on renewal", async () => {
    const { id, uId, token } = await located();
    expect((await w.apple.control("POST", "/tokens/revoke", { cToken: token })).status).toBe(204);
    const refused = await w.c.call("GET", `/api/locations/${id}/vpp/assets`, { cookie: w.admin });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await w.c.services.alerts.tick();
    const fired = await alertsOf(id, "token-refused");
    expect(fired.map((a) => a.severity)).toEqual(["critical"]);
    expect(fired[0]?.body).toMatch(/newer token was downloaded|upload/i);
    const renewed = await w.c.call("POST", "/api/locations", {
      cookie: w.admin,
      body: (await w.apple.mint({ uId, data: "empty" })).cToken,
    });
    expect(renewed.status).toBe(200);
    await w.c.services.alerts.tick();
    expect((await alertsOf(id, "token-refused"))[0]?.clearedAt).not.toBeNull();
    await w.c.services.sync.settled(id);
  });

  it("when the copy cannot be read for longer than the setting, then sync-failing fires", async () => {
    const { id, uId } = await located();
    await w.fault(uId, "/assets", { status: 500, count: 50, method: "GET" });
    await w.fault(uId, "/assignments", { status: 500, count: 50, method: "GET" });
    await syncNow(w.c, w.admin, id);
    expect(w.c.services.sync.status(id).state).toBe("failed");
    w.c.services.alerts.evaluate(Date.now() + 30 * 60_000);
    expect(await alertsOf(id, "sync-failing")).toEqual([]);
    w.c.services.alerts.evaluate(Date.now() + 2 * 3_600_000);
    const fired = await alertsOf(id, "sync-failing");
    expect(fired).toHaveLength(1);
    expect(fired[0]?.body).toMatch(/The last read failed/);
  });

  it("when a rule is switched off for a location, then its alert clears; bad settings are refused and change nothing", async () => {
    const { id, uId } = await located();
    await w.apple.control("POST", `/locations/${uId}/asset-count`, { adamId: PROCREATE, countDelta: -399 });
    await syncNow(w.c, w.admin, id);
    await job(id, { type: "associate", assets: [{ adamId: PROCREATE }], serialNumbers: ["OFF00001"] });
    expect((await alertsOf(id, "running-out")).map((a) => a.severity)).toEqual(["critical"]);
    for (const [body, words] of [
      [{ warningPercent: 120 }, /warningPercent is at most 100/],
      [{ warningPercent: 10, criticalPercent: 30 }, /criticalPercent must not be above warningPercent/],
      [{ off: ["no-such-rule"] }, /off/],
      [{ extra: 1 }, /extra/],
    ] as const) {
      const r = await w.c.call("PUT", `/api/locations/${id}/alerts/settings`, { cookie: w.admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(words);
    }
    expect(
      (await w.c.call("GET", `/api/locations/${id}/alerts/settings`, { cookie: w.admin })).body,
    ).toMatchObject({
      off: [],
      warningPercent: 20,
    });
    const off = await w.c.call("PUT", `/api/locations/${id}/alerts/settings`, {
      cookie: w.admin,
      body: { off: ["running-out"] },
    });
    expect(off.status).toBe(200);
    await w.c.services.alerts.tick();
    expect((await alertsOf(id, "running-out"))[0]?.clearedAt).not.toBeNull();
    const missing = await w.c.call("GET", "/api/locations/nope/alerts/settings", { cookie: w.admin });
    expect(missing.status).toBe(404);
  });

  it("when a webhook is made, then its secret is shown once and its address and secret are sealed at rest", async () => {
    const url = "https://hooks.slack.example/services/T000/B000/very-secret-path";
    const made = await w.c.call("POST", "/api/webhooks", {
      cookie: w.admin,
      body: { name: "slack", url, kind: "slack" },
    });
    expect(made.status).toBe(201);
    expect(made.body.urlHint).toBe("https://hooks.slack.example/…");
    const list = await w.c.call("GET", "/api/webhooks", { cookie: w.admin });
    expect(list.text).not.toContain("very-secret-path");
    expect(list.text).not.toContain(made.body.secret);
    w.c.db.pragma("wal_checkpoint(TRUNCATE)");
    for (const f of fs.readdirSync(w.c.dataDir)) {
      const file = path.join(w.c.dataDir, f);
      if (!fs.statSync(file).isFile()) continue;
      const bytes = fs.readFileSync(file);
      expect(bytes.includes("very-secret-path"), f).toBe(false);
      expect(bytes.includes(made.body.secret), f).toBe(false);
    }
    for (const [body, words] of [
      [{ name: "x", url: "ftp://example.com/x" }, /http\(s\)/],
      [{ name: "x", url: "https://example.com", kind: "discord" }, /kind/],
      [{ name: "x", url: "https://example.com", events: [] }, /at least one event/],
    ] as const) {
      const r = await w.c.call("POST", "/api/webhooks", { cookie: w.admin, body });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(words);
    }
    await w.c.call("DELETE", `/api/webhooks/${made.body.id}`, { cookie: w.admin });
  });
});

describe("forecast and digest", () => {
  it("when a title is being taken at a steady pace, then the forecast says when none will be left and how it was worked out", async () => {
    const { id, uId } = await located();
    await w.apple.control("POST", `/locations/${uId}/asset-count`, { adamId: PROCREATE, countDelta: -300 });
    await syncNow(w.c, w.admin, id);
    await job(id, { type: "associate", assets: [{ adamId: PROCREATE }], serialNumbers: serials("PACE", 20) });
    // Seen two days on: 20 taken in 2 days is 10 a day; 80 left is 8 days, inside the 14-day setting.
    const later = Date.now() + 2 * DAY;
    const fired = w.c.services.alerts
      .evaluate(later)
      .filter((a) => a.locationId === id && a.rule === "forecast");
    expect(fired.map((a) => a.title)).toEqual([expect.stringMatching(/0 left in ~8 days$/)]);
    expect(fired[0]?.body).toMatch(/20 more assigned in the last 2 days \(10\.0 a day\); 80 available now/);
    // Today the copy has watched for less than a day: no forecast is claimed.
    const now = await w.c.call("GET", `/api/locations/${id}/forecasts`, { cookie: w.admin });
    expect(now.body.items).toEqual([]);
  });

  it("when the digest is hourly, then what fired meanwhile arrives as one mail at the hour", async () => {
    await w.c.call("PUT", "/api/alerts/channels", {
      cookie: w.admin,
      body: { emailTo: ["digest@school.example"], digest: "hourly" },
    });
    // Only mails to this recipient count (earlier tests' mails may still be arriving).
    const mine = () =>
      mailbox.mails.filter(
        (m) => m.to && "value" in m.to && m.to.value[0]?.address === "digest@school.example",
      );
    // The last digest went out just now: the next waits for the hour.
    w.c.db
      .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('alerts.lastDigestAt', ?)")
      .run(String(Date.now()));
    const a = await located();
    const b = await located();
    for (const loc of [a, b])
      await job(loc.id, { type: "associate", assets: [{ adamId: KEYNOTE }], clientUserIds: ["ghost-9"] });
    await w.c.services.alerts.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(mine()).toEqual([]);
    w.c.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'alerts.lastDigestAt'")
      .run(String(Date.now() - 3_700_000));
    await w.c.services.alerts.tick();
    const digest = await until(() => mine()[0]);
    expect(digest.subject).toMatch(/^\[vpp-console\] \d+ alerts: /);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine()).toHaveLength(1);
    for (const loc of [a, b]) expect(digest.text).toContain(`/l/${loc.id}/jobs/`);
    await w.c.call("PUT", "/api/alerts/channels", { cookie: w.admin, body: { emailTo: [], digest: "off" } });
  });
});
