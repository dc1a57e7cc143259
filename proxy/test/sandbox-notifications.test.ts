import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startReceiver } from "./receivers.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// §15.14–15: client config rules and the notification sender.
let sb: SandboxHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sb = await startSandbox({
    allowInsecureNotificationUrls: true,
    notificationRetryDelaysMs: [50, 100],
    limits: { maxRequestPerSecond: 100_000 },
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const MDM = { id: "522d5c43-44ca-4f7e-ba7a-53570cf60765", name: "Apple Configurator 2", metadata: "2.13.3" };

async function subscribed(types: string[]) {
  const t = await sb.mint({ data: "empty" });
  const r = await sb.post(
    "/client/config",
    { notificationUrl: receiver.url, notificationAuthToken: "SUp3rS3Cr3t", notificationTypes: types },
    t.cToken,
  );
  expect(r.status).toBe(200);
  return { token: t.cToken, uId: t.uId };
}

const of = (uId: string, type: string) =>
  receiver.received.filter((r) => r.json?.uId === uId && r.json.notificationType === type);

describe("client config (§3.2, §15.14)", () => {
  it("when Apple's example request is posted, then Apple's example response comes back (with this location's values)", async () => {
    const t = await sb.mint({ data: "empty", locationName: "PS01" });
    const r = await sb.post(
      "/client/config",
      {
        mdmInfo: MDM,
        notificationAuthToken: "SUp3rS3Cr3t",
        notificationUrl: receiver.url,
        notificationTypes: ["ASSET_COUNT", "ASSET_MANAGEMENT", "USER_MANAGEMENT", "USER_ASSOCIATED"],
      },
      t.cToken,
    );
    expect(r.body).toEqual({
      countryISO2ACode: "US",
      defaultPlatform: "volumestore",
      locationName: "PS01",
      mdmInfo: MDM,
      notificationAuthToken: "SUp3rS3Cr3t",
      notificationUrl: receiver.url,
      subscribedNotificationTypes: ["ASSET_COUNT", "ASSET_MANAGEMENT", "USER_MANAGEMENT", "USER_ASSOCIATED"],
      uId: t.uId,
      websiteURL: "https://school.apple.com",
    });
    expect((await sb.get("/client/config", t.cToken)).body).toEqual(r.body);
    const test = of(t.uId, "TEST_NOTIFICATION");
    expect(test).toHaveLength(1);
    expect(test[0]?.headers.authorization).toBe("Bearer SUp3rS3Cr3t");
    expect(test[0]?.json).toEqual({
      notification: {},
      notificationId: expect.any(String),
      notificationType: "TEST_NOTIFICATION",
      uId: t.uId,
    });
  });

  it("when notificationTypes is posted again, then it replaces the previous set", async () => {
    const { token } = await subscribed(["ASSET_COUNT", "USER_MANAGEMENT"]);
    const r = await sb.post("/client/config", { notificationTypes: ["ASSET_MANAGEMENT"] }, token);
    expect(r.body.subscribedNotificationTypes).toEqual(["ASSET_MANAGEMENT"]);
  });

  const refusals: [string, object, number][] = [
    ["a URL without a token", { notificationUrl: "https://example.com/n" }, 9710],
    ["a token without a URL", { notificationAuthToken: "secret" }, 9710],
    [
      "a URL that is not HTTPS",
      { notificationUrl: "http://example.com/n", notificationAuthToken: "s" },
      9712,
    ],
    ["a URL that is not a URL", { notificationUrl: "notaurl", notificationAuthToken: "s" }, 9712],
    [
      "a URL longer than maxNotificationLength",
      { notificationUrl: `https://example.com/${"a".repeat(600)}`, notificationAuthToken: "s" },
      9711,
    ],
    ["an incomplete mdmInfo", { mdmInfo: { id: "x", name: "y" } }, 9723],
    ["an mdmInfo id over maxMdmIdLength", { mdmInfo: { ...MDM, id: "i".repeat(101) } }, 9724],
    ["an mdmInfo name over maxMdmNameLength", { mdmInfo: { ...MDM, name: "n".repeat(101) } }, 9725],
    ["mdmInfo metadata over maxMdmMetadataLength", { mdmInfo: { ...MDM, metadata: "m".repeat(256) } }, 9713],
    ["an unknown notification type", { notificationTypes: ["EVERYTHING"] }, 9602],
  ];
  for (const [name, body, n] of refusals) {
    it(`when ${name} is posted, then 400 with ${n} and nothing is saved`, async () => {
      const t = await sb.mint({ data: "empty" });
      const before = (await sb.get("/client/config", t.cToken)).body;
      const r = await sb.post("/client/config", body, t.cToken);
      expect([r.status, r.body.errorNumber]).toEqual([400, n]);
      expect((await sb.get("/client/config", t.cToken)).body).toEqual(before);
    });
  }

  it("when the TEST_NOTIFICATION cannot be delivered, then 9728 and the configuration is not saved", async () => {
    const t = await sb.mint({ data: "empty" });
    receiver.failNext(1);
    const r = await sb.post(
      "/client/config",
      {
        notificationUrl: receiver.url,
        notificationAuthToken: "s",
        notificationTypes: ["ASSET_COUNT"],
        mdmInfo: MDM,
      },
      t.cToken,
    );
    expect([r.status, r.body.errorNumber]).toEqual([400, 9728]);
    const after = (await sb.get("/client/config", t.cToken)).body;
    expect(after).not.toHaveProperty("notificationUrl");
    expect(after).not.toHaveProperty("mdmInfo");
    expect(after.subscribedNotificationTypes).toEqual([]);
  });
});

describe("notifications (§9, §15.15)", () => {
  it("when 150 licences are assigned, then ASSET_MANAGEMENT arrives in notifications of at most 100 assignments", async () => {
    const { token, uId } = await subscribed(["ASSET_MANAGEMENT"]);
    const serials = Array.from({ length: 150 }, (_, i) => `N-${i}`);
    const r = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: "361285480" }], serialNumbers: serials },
      token,
    );
    await sb.waitForEvent(token, r.body.eventId);
    const got = await eventually(() => {
      const n = of(uId, "ASSET_MANAGEMENT");
      expect(n).toHaveLength(2);
      return n;
    });
    expect(got.map((n) => n.json.notification.assignments.length).sort()).toEqual([100, 50]);
    for (const n of got) {
      expect(n.headers.authorization).toBe("Bearer SUp3rS3Cr3t");
      expect(n.json.notification).toMatchObject({
        eventId: r.body.eventId,
        result: "SUCCESS",
        type: "ASSOCIATE",
      });
    }
    const all = got.flatMap((n) => n.json.notification.assignments.map((a: any) => a.serialNumber));
    expect(new Set(all)).toEqual(new Set(serials));
  });

  it("when tasks fail, then a FAILURE notification carries one error object and the affected pairs", async () => {
    const { token, uId } = await subscribed(["ASSET_MANAGEMENT"]);
    const r = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: "361285480" }], clientUserIds: ["nobody"] },
      token,
    );
    await sb.waitForEvent(token, r.body.eventId);
    const [n] = await eventually(() => {
      const x = of(uId, "ASSET_MANAGEMENT");
      expect(x).toHaveLength(1);
      return x;
    });
    expect(n?.json.notification).toEqual({
      assignments: [{ adamId: "361285480", pricingParam: "STDQ", clientUserId: "nobody" }],
      error: { errorNumber: 9609, errorMessage: "Unable to find the registered user." },
      eventId: r.body.eventId,
      result: "FAILURE",
      type: "ASSOCIATE",
    });
  });

  it("when a revoke runs, then one REVOKE notification lists the removed pairs", async () => {
    const { token, uId } = await subscribed(["ASSET_MANAGEMENT"]);
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: "361285480" }, { adamId: "408709785" }], serialNumbers: ["R-1"] },
      token,
    );
    await sb.waitForEvent(token, a.body.eventId);
    const r = await sb.post("/assets/revoke", { serialNumbers: ["R-1"] }, token);
    await sb.waitForEvent(token, r.body.eventId);
    const revoke = await eventually(() => {
      const x = of(uId, "ASSET_MANAGEMENT").filter((n) => n.json.notification.type === "REVOKE");
      expect(x).toHaveLength(1);
      return x[0];
    });
    expect(revoke?.json.notification.assignments).toHaveLength(2);
  });

  it("when a type is not subscribed, then it is not sent", async () => {
    const { token, uId } = await subscribed(["ASSET_COUNT"]);
    const r = await sb.post("/users/create", { users: [{ clientUserId: "quiet" }] }, token);
    await sb.waitForEvent(token, r.body.eventId);
    await sb.control("POST", `/locations/${uId}/asset-count`, { adamId: "425073498", countDelta: 5 });
    const counts = await eventually(() => {
      const x = of(uId, "ASSET_COUNT");
      expect(x).toHaveLength(1);
      return x;
    });
    expect(counts[0]?.json.notification).toEqual({
      adamId: "425073498",
      countDelta: 5,
      pricingParam: "STDQ",
    });
    expect(of(uId, "USER_MANAGEMENT")).toHaveLength(0);
  });

  it("when the receiver fails, then delivery is retried up to 3 attempts in all", async () => {
    const { uId } = await subscribed(["ASSET_COUNT"]);
    receiver.failNext(5);
    await sb.control("POST", `/locations/${uId}/asset-count`, { adamId: "425073498", countDelta: 1 });
    const attempts = await eventually(() => {
      const x = of(uId, "ASSET_COUNT");
      expect(x).toHaveLength(3);
      return x;
    });
    expect(new Set(attempts.map((a) => a.json.notificationId)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(of(uId, "ASSET_COUNT")).toHaveLength(3);
    receiver.failNext(0);
  });

  it("when duplicates are switched on, then a notification arrives twice with the same notificationId", async () => {
    const { uId } = await subscribed(["ASSET_COUNT"]);
    await sb.control("PATCH", "/config", { duplicateNotifications: true });
    await sb.control("POST", `/locations/${uId}/asset-count`, { adamId: "425073498", countDelta: 2 });
    const twice = await eventually(() => {
      const x = of(uId, "ASSET_COUNT");
      expect(x).toHaveLength(2);
      return x;
    });
    await sb.control("PATCH", "/config", { duplicateNotifications: false });
    expect(twice[0]?.json.notificationId).toBe(twice[1]?.json.notificationId);
  });

  it("when users are created and one accepts the invitation, then USER_MANAGEMENT and USER_ASSOCIATED arrive", async () => {
    const { token, uId } = await subscribed(["USER_MANAGEMENT", "USER_ASSOCIATED"]);
    const r = await sb.post(
      "/users/create",
      { users: [{ clientUserId: "kid-1", email: "kid1@school.example" }] },
      token,
    );
    await sb.waitForEvent(token, r.body.eventId);
    const mgmt = await eventually(() => {
      const x = of(uId, "USER_MANAGEMENT");
      expect(x).toHaveLength(1);
      return x[0];
    });
    expect(mgmt?.json.notification).toMatchObject({
      eventId: r.body.eventId,
      result: "SUCCESS",
      type: "CREATE",
      users: [{ clientUserId: "kid-1", status: "Registered" }],
    });
    const invite = mgmt?.json.notification.users[0].inviteCode as string;
    const svc = (await sb.get("/service/config")).body;
    const link = svc.urls.invitationEmail.replace("%25inviteCode%25", invite);
    expect((await fetch(link)).status).toBe(200);
    const assoc = await eventually(() => {
      const x = of(uId, "USER_ASSOCIATED");
      expect(x).toHaveLength(1);
      return x[0];
    });
    expect(assoc?.json.notification.associatedUsers[0]).toMatchObject({
      clientUserId: "kid-1",
      status: "Associated",
    });
    expect(assoc?.json).not.toHaveProperty("notification.eventId");
  });
});
