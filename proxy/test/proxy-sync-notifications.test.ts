import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCREATE, sleep, startJobWorld, type JobWorld } from "./job-harness.js";
import { applePairs, appleUsers, copyPairs, copyUsers } from "./sync-harness.js";

// Apple's notifications, delivered by "Apple" (a standalone sandbox) to the console's public address.
let w: JobWorld;
const call = (method: string, p: string) => w.c.call(method, p, { cookie: w.admin });

beforeAll(async () => {
  w = await startJobWorld({ SYNC: "on", SYNC_INTERVAL_MS: "3600000", PUBLIC_URL: "auto" });
  const r = await w.apple.control("PATCH", "/config", {
    allowInsecureNotificationUrls: true,
    duplicateNotifications: true,
    notificationRetryDelaysMs: [300, 300],
  });
  expect(r.status).toBe(200);
});
afterAll(() => w.close());

async function registered() {
  const loc = await w.newLocation({ data: "demo" });
  await w.c.services.sync.settled(loc.id);
  for (
    let i = 0;
    (await call("GET", `/api/locations/${loc.id}/sync`)).body.notifications !== "registered";
    i++
  ) {
    if (i > 100) throw new Error("notifications were not registered");
    await sleep(50);
  }
  const cfg = (await w.apple.get("/client/config", loc.token)).body;
  return { ...loc, url: cfg.notificationUrl as string, secret: cfg.notificationAuthToken as string };
}

const deliveries = async (uId: string) =>
  (await w.apple.control("GET", `/notifications?uId=${uId}`)).body as {
    notificationId: string;
    notificationType: string;
    status?: number;
    attempt: number;
  }[];

/** Until every notification "Apple" sent for the location got a 2xx. */
async function delivered(uId: string, atLeast: number) {
  for (let i = 0; i < 200; i++) {
    const log = (await deliveries(uId)).filter((d) => d.notificationType !== "TEST_NOTIFICATION");
    const ids = new Set(log.map((d) => d.notificationId));
    const ok = new Set(log.filter((d) => d.status === 200).map((d) => d.notificationId));
    if (ids.size >= atLeast && ok.size === ids.size) return log;
    await sleep(50);
  }
  throw new Error("notifications not delivered");
}

const stored = (id: string) =>
  w.c.db
    .prepare(
      "SELECT count(*) AS n FROM sync_notifications n JOIN sync_locations s ON s.id = n.loc WHERE s.location_id = ?",
    )
    .get(id) as { n: number };

describe("notifications", () => {
  it("when Apple notifies (each one twice), every change is applied exactly once and the copy equals Apple's, with no read", async () => {
    const { id, uId, token, url } = await registered();
    expect(url).toMatch(/\/api\/notifications\/[A-Za-z0-9_-]{32}$/);
    const from = w.requests(uId).length;
    const r = await w.apple.control("POST", `/locations/${uId}/external`, {
      assign: 150,
      unassign: 20,
      registerUsers: 5,
      retireUsers: 3,
      notify: true,
      seed: 11,
    });
    expect(r.status).toBe(200);
    const log = await delivered(uId, 4);
    const ids = new Set(log.map((d) => d.notificationId));
    expect(log.length).toBe(ids.size * 2);
    await sleep(100);
    // Stored once each, with the TEST_NOTIFICATION Apple sent when the address was registered.
    expect(stored(id).n).toBe(ids.size + 1);
    expect(await copyPairs(call, id)).toEqual(await applePairs(w.apple, uId));
    expect(await copyUsers(call, id)).toEqual(await appleUsers(w.apple, token));
    // Only the truth checks above read "Apple"; the console itself sent nothing.
    expect(
      w
        .requests(uId)
        .slice(from)
        .filter((e) => e.authorization && !e.path.startsWith("/users")),
    ).toEqual([]);
    expect((await call("GET", `/api/locations/${id}/sync`)).body.via).toBe("notification");
  });

  it("when the first delivery fails, Apple's retry is applied once", async () => {
    const { id, uId } = await registered();
    const row = w.c.db.prepare("SELECT notify_hash FROM sync_locations WHERE location_id = ?").get(id) as {
      notify_hash: string;
    };
    w.c.db.prepare("UPDATE sync_locations SET notify_hash = ? WHERE location_id = ?").run("0".repeat(64), id);
    await w.apple.control("POST", `/locations/${uId}/asset-count`, { adamId: PROCREATE, countDelta: 25 });
    for (
      let i = 0;
      !(await deliveries(uId)).some((d) => d.notificationType === "ASSET_COUNT" && d.status === 401);
      i++
    ) {
      if (i > 100) throw new Error("no failed delivery");
      await sleep(20);
    }
    w.c.db
      .prepare("UPDATE sync_locations SET notify_hash = ? WHERE location_id = ?")
      .run(row.notify_hash, id);
    const log = (await delivered(uId, 1)).filter((d) => d.notificationType === "ASSET_COUNT");
    expect(log.map((d) => d.status)).toContain(401);
    await sleep(100);
    const apple = (
      await w.apple.get(
        `/assets?adamId=${PROCREATE}&pricingParam=STDQ`,
        w.c.services.locations.target(id).token,
      )
    ).body.assets[0];
    const mine = (await call("GET", `/api/locations/${id}/assets`)).body.items.find(
      (a: any) => a.adamId === PROCREATE && a.pricingParam === "STDQ",
    );
    expect(mine.totalCount).toBe(apple.totalCount);
    expect(mine.availableCount).toBe(apple.availableCount);
  });

  it("a wrong secret (401), an unknown address or another location's notification (404) changes nothing", async () => {
    const a = await registered();
    const b = await w.newLocation({ data: "empty" });
    const before = stored(a.id).n;
    const body = (uId: string) => ({
      notification: { adamId: PROCREATE, countDelta: 1000, pricingParam: "STDQ" },
      notificationId: crypto.randomUUID(),
      notificationType: "ASSET_COUNT",
      uId,
    });
    const post = (url: string, secret: string, payload: object) =>
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
        body: JSON.stringify(payload),
      });
    expect((await post(a.url, "not-the-secret", body(a.uId))).status).toBe(401);
    expect((await post(`${w.c.url}/api/notifications/unknown-key`, a.secret, body(a.uId))).status).toBe(404);
    expect((await post(a.url, a.secret, body(b.uId))).status).toBe(404);
    expect(stored(a.id).n).toBe(before);
    const good = await post(a.url, a.secret, body(a.uId));
    expect(good.status).toBe(200);
    await sleep(100);
    expect(stored(a.id).n).toBe(before + 1);
  });
});
