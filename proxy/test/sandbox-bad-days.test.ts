import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startReceiver } from "./receivers.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// Fidelity on Apple's bad days: unique limits, incremental notifications, inactive users, 9641,
// Retry-After windows that punish early callers, and faults on answers Apple did carry out.
let sb: SandboxHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const KEYNOTE = "361285480";
const BOOK = "363828571";

beforeAll(async () => {
  sb = await startSandbox({ allowInsecureNotificationUrls: true, limits: { maxRequestPerSecond: 100_000 } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const serials = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("limits count unique items (§3.1)", () => {
  it("when 1,001 serials hold one repeat, then the request is not over the limit but a duplicate (9705); 1,001 unique are 9702", async () => {
    const { cToken } = await sb.mint({ data: "empty" });
    const repeated = [...serials("U", 1000), "U0"];
    const dup = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: repeated },
      cToken,
    );
    expect([dup.status, dup.body.errorNumber, dup.body.errorInfo]).toEqual([
      400,
      9705,
      { serialNumbers: ["U0"] },
    ]);
    const over = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: serials("V", 1001) },
      cToken,
    );
    expect([over.status, over.body.errorNumber]).toEqual([400, 9702]);
    const revoke = await sb.post("/assets/revoke", { serialNumbers: [...serials("R", 100), "R1"] }, cToken);
    expect(revoke.body.errorNumber).toBe(9705);
  });
});

describe("notifications while an event is processed (§9)", () => {
  it("when an event takes seconds, then ASSET_MANAGEMENT notifications arrive while it is still PENDING", async () => {
    const { cToken, uId } = await sb.mint({ data: "empty" });
    await sb.post(
      "/client/config",
      {
        notificationUrl: receiver.url,
        notificationAuthToken: "s3cret",
        notificationTypes: ["ASSET_MANAGEMENT"],
      },
      cToken,
    );
    await sb.control("PATCH", "/config", { eventTasksPerSecond: 20 });
    try {
      const r = await sb.post(
        "/assets/associate",
        { assets: [{ adamId: KEYNOTE }], serialNumbers: serials("N", 40) },
        cToken,
      );
      const mine = () =>
        receiver.received.filter(
          (x) => x.json?.uId === uId && x.json.notificationType === "ASSET_MANAGEMENT",
        );
      await eventually(() => expect(mine().length).toBeGreaterThan(0), 3000);
      const status = await sb.get(`/status?eventId=${r.body.eventId}`, cToken);
      expect(status.body.eventStatus).toBe("PENDING");
      await sb.waitForEvent(cToken, r.body.eventId);
      await eventually(() => {
        const items = mine().flatMap((x) => x.json.notification.assignments);
        expect(items).toHaveLength(40);
      });
      expect(mine().length).toBeGreaterThan(1);
    } finally {
      await sb.control("PATCH", "/config", { eventTasksPerSecond: 0 });
    }
  });
});

describe("users (§4.2, §5)", () => {
  it("when a user is retired after a read, then excludeInactiveUsers leaves out their (book) assignments", async () => {
    const { cToken } = await sb.mint({ data: "empty" });
    await sb.post("/users/create", { users: [{ clientUserId: "leaver" }] }, cToken);
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: BOOK }], clientUserIds: ["leaver"] },
      cToken,
    );
    await sb.waitForEvent(cToken, a.body.eventId);
    const q = `/assignments?adamId=${BOOK}&excludeInactiveUsers=true`;
    const mine = (body: any) => body.assignments.filter((x: any) => x.clientUserId === "leaver");
    expect(mine((await sb.get(q, cToken)).body)).toHaveLength(1);
    const retire = await sb.post("/users/retire", { users: [{ clientUserId: "leaver" }] }, cToken);
    await sb.waitForEvent(cToken, retire.body.eventId);
    expect(mine((await sb.get(q, cToken)).body)).toEqual([]);
    expect(mine((await sb.get(`/assignments?adamId=${BOOK}`, cToken)).body)).toHaveLength(1);
  });

  it("when a second user is created with an Apple Account already linked to another, then 9641 for that user only", async () => {
    const { cToken } = await sb.mint({ data: "empty" });
    const first = await sb.post(
      "/users/create",
      { users: [{ clientUserId: "a1", managedAppleId: "pat@school.example" }] },
      cToken,
    );
    expect((await sb.waitForEvent(cToken, first.body.eventId)).eventStatus).toBe("COMPLETE");
    const second = await sb.post(
      "/users/create",
      {
        users: [
          { clientUserId: "a2", managedAppleId: "pat@school.example" },
          { clientUserId: "a3", managedAppleId: "sam@school.example" },
        ],
      },
      cToken,
    );
    const s = await sb.waitForEvent(cToken, second.body.eventId);
    expect(s).toMatchObject({ eventStatus: "FAILED", numRequested: 2, numCompleted: 1 });
    expect(s.failures).toEqual([
      expect.objectContaining({ errorNumber: 9641, errorInfo: { clientUserIds: ["a2"] } }),
    ]);
  });
});

describe("Retry-After windows (reference/apple/002: early callers are rejected for longer)", () => {
  it("when a client calls again inside the window, then it is refused, the window lengthens, and the log says punished", async () => {
    const { cToken, uId } = await sb.mint({ data: "empty" });
    await sb.control("POST", "/faults", { status: 503, retryAfter: 2, pathPrefix: "/assets", uId });
    const first = await sb.get("/assets", cToken);
    expect([first.status, first.headers.get("retry-after")]).toEqual([503, "2"]);
    await sleep(400);
    const early = await sb.get("/assets", cToken);
    expect(early.status).toBe(503);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(3);
    const log = sb.state.requestLog.filter((e) => e.uId === uId);
    expect(log.map((e) => e.punished ?? false)).toEqual([false, true]);
    await sleep(Number(early.headers.get("retry-after")) * 1000 + 100);
    expect((await sb.get("/assets", cToken)).status).toBe(200);
  });

  it("when requests were already in flight as the window opened, then they are not punished", async () => {
    const { cToken, uId } = await sb.mint({ data: "empty" });
    await sb.control("POST", "/faults", { status: 503, retryAfter: 2, pathPrefix: "/assets", uId });
    const answers = await Promise.all(Array.from({ length: 3 }, () => sb.get("/assets", cToken)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 503]);
    expect(sb.state.requestLog.filter((e) => e.uId === uId && e.punished)).toEqual([]);
  });
});

describe("faults on answers Apple carried out", () => {
  it("when the answer lacks its eventId, is cut mid-JSON or comes late, then the work was still done", async () => {
    const { cToken, uId } = await sb.mint({ data: "empty" });
    const held = async (serial: string) =>
      (await sb.get(`/assignments?serialNumber=${serial}`, cToken)).body.assignments.length;
    await sb.control("POST", "/faults", { answer: "no-event-id", pathPrefix: "/assets/associate", uId });
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["F1"] },
      cToken,
    );
    expect([a.status, a.body.eventId, a.body.uId]).toEqual([200, undefined, uId]);
    expect(await held("F1")).toBe(1);

    await sb.control("POST", "/faults", { answer: "truncated", pathPrefix: "/assets/associate", uId });
    const b = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["F2"] },
      cToken,
    );
    expect(b.status).toBe(200);
    expect(typeof b.body).toBe("string");
    expect(() => JSON.parse(b.body as string)).toThrow();
    expect(await held("F2")).toBe(1);

    await sb.control("POST", "/faults", { delayMs: 600, pathPrefix: "/assets/associate", uId });
    const started = Date.now();
    const late = sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["F3"] },
      cToken,
    );
    await sleep(150);
    expect(await held("F3")).toBe(1);
    expect((await late).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it("when the event is forgotten or its failures dropped, then /status says 9708, or FAILED without (all) failures", async () => {
    const { cToken, uId } = await sb.mint({ data: "empty" });
    await sb.control("POST", "/faults", { event: "forget", pathPrefix: "/assets/associate", uId });
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["G1"] },
      cToken,
    );
    const gone = await sb.get(`/status?eventId=${a.body.eventId}`, cToken);
    expect([gone.status, gone.body.errorNumber]).toEqual([400, 9708]);

    const users = { assets: [{ adamId: KEYNOTE }], clientUserIds: ["ghost-1", "ghost-2", "ghost-3"] };
    await sb.control("POST", "/faults", { event: "drop-failures", pathPrefix: "/assets/associate", uId });
    const b = await sb.post("/assets/associate", users, cToken);
    const dropped = await sb.waitForEvent(cToken, b.body.eventId);
    expect(dropped).toMatchObject({ eventStatus: "FAILED", numRequested: 3, numCompleted: 0 });
    expect(dropped.failures).toBeUndefined();

    await sb.control("POST", "/faults", { event: "partial-failures", pathPrefix: "/assets/associate", uId });
    const c = await sb.post("/assets/associate", users, cToken);
    const partial = await sb.waitForEvent(cToken, c.body.eventId);
    expect(partial.failures).toEqual([
      expect.objectContaining({ errorNumber: 9609, errorInfo: { clientUserIds: ["ghost-1"] } }),
    ]);
  });

  it("when a refusal and an effect are mixed in one fault, then the control refuses it", async () => {
    const r = await sb.control("POST", "/faults", { status: 503, answer: "truncated" });
    expect(r.status).toBe(400);
  });
});

describe("tokens and moved endpoints", () => {
  it("when the token's expiry passes at Apple, then 9621", async () => {
    const { cToken } = await sb.mint({ data: "empty" });
    expect((await sb.control("POST", "/tokens/expire", { cToken })).status).toBe(204);
    const r = await sb.get("/assets", cToken);
    expect([r.status, r.body.errorNumber]).toEqual([401, 9621]);
  });

  it("when Apple moves its endpoints, then service config names the new URLs and the old ones answer 410 + 9634", async () => {
    const { cToken } = await sb.mint({ data: "empty" });
    await sb.control("PATCH", "/config", { endpointsMoved: true });
    try {
      const cfg = await sb.get("/service/config");
      expect(cfg.body.urls.getAssets).toBe(`${sb.url}/mdm/v2-moved/assets`);
      const old = await sb.get("/assets", cToken);
      expect([old.status, old.body.errorNumber]).toEqual([410, 9634]);
      const moved = await fetch(cfg.body.urls.getAssets, { headers: { Authorization: `Bearer ${cToken}` } });
      expect(moved.status).toBe(200);
    } finally {
      await sb.control("PATCH", "/config", { endpointsMoved: false });
    }
  });
});
