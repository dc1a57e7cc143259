import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// §15.1–7, 16, 18, 19: writes, events, counts, books, revoke, user lifecycle, external events.
let sb: SandboxHarness;

beforeAll(async () => {
  sb = await startSandbox({ limits: { maxRequestPerSecond: 100_000 } });
});
afterAll(() => sb.close());

const KEYNOTE = "361285480"; // free (unlimited) app
const GARAGEBAND = "408709785";
const PROCREATE = "425073498"; // limited app, STDQ and PLUS
const BOOK = "363828571"; // Charlotte's Web (limited book)

async function emptyLocation() {
  const t = await sb.mint({ data: "empty" });
  return { token: t.cToken, uId: t.uId };
}

async function createUsers(token: string, ids: string[]) {
  const r = await sb.post(
    "/users/create",
    { users: ids.map((clientUserId) => ({ clientUserId, email: `${clientUserId}@school.example` })) },
    token,
  );
  expect(r.status).toBe(200);
  return sb.waitForEvent(token, r.body.eventId);
}

const asset = async (token: string, adamId: string, pricingParam = "STDQ") =>
  (await sb.get(`/assets?adamId=${adamId}&pricingParam=${pricingParam}`, token)).body.assets[0];

describe("asynchronous events (§15.1–2)", () => {
  it("when Apple's example is replayed (2 assets × 4 users + 4 serials, client-4 unknown), then FAILED 14/16 with 9609 for client-4", async () => {
    const { token, uId } = await emptyLocation();
    await createUsers(token, ["client-1", "client-2", "client-3"]);
    const body = {
      assets: [{ adamId: GARAGEBAND }, { adamId: "377298193" }],
      clientUserIds: ["client-1", "client-2", "client-3", "client-4"],
      serialNumbers: ["serial-1", "serial-2", "serial-3", "serial-4"],
    };
    const r = await sb.post("/assets/associate", body, token);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["eventId", "uId"]);
    expect(r.body.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body.uId).toBe(uId);
    const status = await sb.waitForEvent(token, r.body.eventId);
    expect(status).toEqual({
      eventStatus: "FAILED",
      eventType: "ASSOCIATE",
      failures: [
        {
          errorInfo: { clientUserIds: ["client-4"] },
          errorNumber: 9609,
          errorMessage: "Unable to find the registered user.",
        },
      ],
      numCompleted: 14,
      numRequested: 16,
      uId,
    });
  });

  it("when events are processed at a set speed, then /status is PENDING with numCompleted rising, then COMPLETE", async () => {
    const { token } = await emptyLocation();
    await sb.control("PATCH", "/config", { eventTasksPerSecond: 40 });
    const serials = Array.from({ length: 40 }, (_, i) => `SPEED-${i}`);
    const r = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: serials },
      token,
    );
    const seen: number[] = [];
    let last: any;
    for (let i = 0; i < 200; i++) {
      last = (await sb.get(`/status?eventId=${r.body.eventId}`, token)).body;
      seen.push(last.numCompleted);
      if (last.eventStatus !== "PENDING") break;
      expect(last.numRequested).toBe(40);
      await new Promise((res) => setTimeout(res, 100));
    }
    await sb.control("PATCH", "/config", { eventTasksPerSecond: 0 });
    expect(last).toMatchObject({ eventStatus: "COMPLETE", numCompleted: 40, numRequested: 40 });
    expect(seen[0]).toBeLessThan(40);
    expect(seen.some((n) => n > 0 && n < 40)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it("when eventId is unknown or missing, then 9708 or 9602 with HTTP 400", async () => {
    const { token } = await emptyLocation();
    const r = await sb.get("/status?eventId=954910a8-3d9c-4fde-948d-253e5aef431a", token);
    expect([r.status, r.body.errorNumber]).toEqual([400, 9708]);
    expect((await sb.get("/status", token)).body.errorNumber).toBe(9602);
  });
});

describe("synchronous validation in Apple's order, no event created (§15.3)", () => {
  const cases: [string, string, unknown, number][] = [
    ["no assets and no targets → assets first", "/assets/associate", {}, 9718],
    ["empty assets", "/assets/associate", { assets: [], serialNumbers: ["A"] }, 9718],
    ["no targets", "/assets/associate", { assets: [{ adamId: KEYNOTE }] }, 9719],
    ["revoke without targets", "/assets/revoke", { clientUserIds: [] }, 9719],
    [
      "duplicate assets (omitted pricingParam = STDQ)",
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }, { adamId: KEYNOTE, pricingParam: "STDQ" }], serialNumbers: ["A"] },
      9703,
    ],
    [
      "duplicate clientUserIds",
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], clientUserIds: ["u", "u"] },
      9704,
    ],
    [
      "duplicate serialNumbers",
      "/assets/disassociate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["s", "s"] },
      9705,
    ],
    ["duplicate serials in revoke", "/assets/revoke", { serialNumbers: ["s", "s"] }, 9705],
    [
      "book in a disassociate",
      "/assets/disassociate",
      { assets: [{ adamId: BOOK }], clientUserIds: ["u"] },
      9706,
    ],
    ["book to a serial", "/assets/associate", { assets: [{ adamId: BOOK }], serialNumbers: ["s"] }, 9707],
    ["no users", "/users/create", { users: [] }, 9720],
    ["duplicate users", "/users/create", { users: [{ clientUserId: "a" }, { clientUserId: "a" }] }, 9715],
    ["bad email", "/users/update", { users: [{ clientUserId: "a", email: "not-an-email" }] }, 9717],
  ];
  for (const [name, path, body, errorNumber] of cases) {
    it(`when ${name}, then 400 with ${errorNumber}`, async () => {
      const { token, uId } = await emptyLocation();
      const before = await sb.control("GET", `/locations/${uId}`);
      const r = await sb.post(path, body, token);
      expect([r.status, r.body.errorNumber]).toEqual([400, errorNumber]);
      expect(r.body.eventId).toBeUndefined();
      expect((await sb.control("GET", `/locations/${uId}`)).body).toEqual(before.body);
    });
  }

  it("when a request is over a live limit, then 9700 / 9701 / 9702 / 9714, and the limit follows service config", async () => {
    const { token } = await emptyLocation();
    await sb.control("PATCH", "/config", {
      limits: {
        maxAssets: 2,
        maxClientUserIds: 3,
        maxSerialNumbers: 3,
        maxRevokeSerialNumbers: 2,
        maxRevokeClientUserIds: 2,
        maxUsers: 2,
      },
    });
    const limits = (await sb.get("/service/config")).body.limits;
    expect(limits).toMatchObject({ maxAssets: 2, maxSerialNumbers: 3 });
    const a = [{ adamId: KEYNOTE }, { adamId: GARAGEBAND }, { adamId: "361309726" }];
    const check = async (path: string, body: unknown, n: number) =>
      expect((await sb.post(path, body, token)).body.errorNumber).toBe(n);
    await check("/assets/associate", { assets: a, serialNumbers: ["1"] }, 9700);
    await check("/assets/associate", { assets: a.slice(0, 1), clientUserIds: ["1", "2", "3", "4"] }, 9701);
    await check("/assets/associate", { assets: a.slice(0, 1), serialNumbers: ["1", "2", "3", "4"] }, 9702);
    await check("/assets/revoke", { serialNumbers: ["1", "2", "3"] }, 9702);
    await check("/assets/revoke", { clientUserIds: ["1", "2", "3"] }, 9701);
    await check(
      "/users/create",
      { users: [{ clientUserId: "1" }, { clientUserId: "2" }, { clientUserId: "3" }] },
      9714,
    );
    await sb.control("PATCH", "/config", {
      limits: {
        maxAssets: 25,
        maxClientUserIds: 1000,
        maxSerialNumbers: 1000,
        maxRevokeSerialNumbers: 100,
        maxRevokeClientUserIds: 100,
        maxUsers: 100,
      },
    });
  });

  it("when an asset is not owned by the location, then 400 with 9602 naming it", async () => {
    const { token } = await emptyLocation();
    const r = await sb.post("/assets/associate", { assets: [{ adamId: "1" }], serialNumbers: ["s"] }, token);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      errorNumber: 9602,
      errorInfo: { assets: [{ adamId: "1", pricingParam: "STDQ" }] },
    });
  });
});

describe("licences and counts (§15.4–6, 19)", () => {
  it("when more licences are requested than available, then they are consumed in order and the rest fail with 9709", async () => {
    const { token } = await emptyLocation();
    const before = await asset(token, PROCREATE);
    const n = before.availableCount + 3;
    const serials = Array.from({ length: n }, (_, i) => `PRO-${String(i).padStart(4, "0")}`);
    const r = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: PROCREATE, pricingParam: "STDQ" }], serialNumbers: serials },
      token,
    );
    const s = await sb.waitForEvent(token, r.body.eventId);
    expect(s).toMatchObject({ eventStatus: "FAILED", numCompleted: n - 3, numRequested: n });
    expect(s.failures).toEqual([
      {
        errorNumber: 9709,
        errorMessage:
          "There are not enough licenses for this app or book available to assign to the selected group.",
        errorInfo: {
          assets: [{ adamId: PROCREATE, pricingParam: "STDQ" }],
          serialNumbers: serials.slice(-3),
        },
      },
    ]);
    const after = await asset(token, PROCREATE);
    expect(after).toMatchObject({
      totalCount: before.totalCount,
      assignedCount: before.assignedCount + n - 3,
      availableCount: 0,
    });
  });

  it("when a pair already holding a licence is associated again, then nothing is charged twice", async () => {
    const { token } = await emptyLocation();
    const before = await asset(token, PROCREATE);
    for (let i = 0; i < 2; i++) {
      const r = await sb.post(
        "/assets/associate",
        { assets: [{ adamId: PROCREATE }], serialNumbers: ["TWICE-1"] },
        token,
      );
      expect((await sb.waitForEvent(token, r.body.eventId)).eventStatus).toBe("COMPLETE");
    }
    const after = await asset(token, PROCREATE);
    expect(after.assignedCount).toBe(before.assignedCount + 1);
    expect(after.availableCount).toBe(before.availableCount - 1);
  });

  it("when licences are disassociated, then they move back to available and the total is unchanged", async () => {
    const { token } = await emptyLocation();
    const before = await asset(token, PROCREATE);
    const serials = ["D-1", "D-2", "D-3"];
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: PROCREATE }], serialNumbers: serials },
      token,
    );
    await sb.waitForEvent(token, a.body.eventId);
    const d = await sb.post(
      "/assets/disassociate",
      { assets: [{ adamId: PROCREATE }], serialNumbers: serials },
      token,
    );
    expect(await sb.waitForEvent(token, d.body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "DISASSOCIATE",
      numCompleted: 3,
    });
    expect(await asset(token, PROCREATE)).toEqual(before);
  });

  it("when made-up serial numbers are assigned, then the event completes (Apple does not validate serials)", async () => {
    const { token } = await emptyLocation();
    const r = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }], serialNumbers: ["totally made up ✓", "x"] },
      token,
    );
    expect((await sb.waitForEvent(token, r.body.eventId)).eventStatus).toBe("COMPLETE");
    const held = (await sb.get(`/assignments?serialNumber=${encodeURIComponent("totally made up ✓")}`, token))
      .body.assignments;
    expect(held).toEqual([{ adamId: KEYNOTE, pricingParam: "STDQ", serialNumber: "totally made up ✓" }]);
  });

  it("when a book is assigned to users, then it counts like an app; a PLUS pool is separate from STDQ", async () => {
    const { token } = await emptyLocation();
    await createUsers(token, ["reader-1", "reader-2"]);
    const beforeBook = await asset(token, BOOK);
    const beforePlus = await asset(token, PROCREATE, "PLUS");
    const beforeStdq = await asset(token, PROCREATE, "STDQ");
    const r = await sb.post(
      "/assets/associate",
      {
        assets: [{ adamId: BOOK }, { adamId: PROCREATE, pricingParam: "PLUS" }],
        clientUserIds: ["reader-1", "reader-2"],
      },
      token,
    );
    expect(await sb.waitForEvent(token, r.body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      numRequested: 4,
    });
    expect((await asset(token, BOOK)).assignedCount).toBe(beforeBook.assignedCount + 2);
    expect((await asset(token, PROCREATE, "PLUS")).assignedCount).toBe(beforePlus.assignedCount + 2);
    expect(await asset(token, PROCREATE, "STDQ")).toEqual(beforeStdq);
  });
});

describe("revoke (§4.4, §15.7)", () => {
  it("when targets are revoked, then every revocable assignment they hold is removed, books stay, numRequested counts removals", async () => {
    const { token } = await emptyLocation();
    await createUsers(token, ["grad-1"]);
    const a1 = await sb.post(
      "/assets/associate",
      {
        assets: [{ adamId: KEYNOTE }, { adamId: GARAGEBAND }],
        serialNumbers: ["IPAD-1"],
        clientUserIds: ["grad-1"],
      },
      token,
    );
    await sb.waitForEvent(token, a1.body.eventId);
    const a2 = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: BOOK }], clientUserIds: ["grad-1"] },
      token,
    );
    await sb.waitForEvent(token, a2.body.eventId);
    const r = await sb.post(
      "/assets/revoke",
      { clientUserIds: ["grad-1"], serialNumbers: ["IPAD-1", "UNKNOWN"] },
      token,
    );
    const s = await sb.waitForEvent(token, r.body.eventId);
    expect(s).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "REVOKE",
      numRequested: 4,
      numCompleted: 4,
    });
    expect((await sb.get("/assignments?serialNumber=IPAD-1", token)).body.assignments).toEqual([]);
    expect((await sb.get("/assignments?clientUserId=grad-1", token)).body.assignments).toEqual([
      { adamId: BOOK, pricingParam: "STDQ", clientUserId: "grad-1" },
    ]);
  });
});

describe("user lifecycle (§5, §15.16)", () => {
  it("when users are created, then without managedAppleId they are Registered with an inviteCode, with it Associated with an idHash", async () => {
    const { token } = await emptyLocation();
    const r = await sb.post(
      "/users/create",
      {
        users: [
          { clientUserId: "new-1", email: "new1@school.example" },
          { clientUserId: "new-2", managedAppleId: "new2@appleid.school.example" },
        ],
      },
      token,
    );
    expect(await sb.waitForEvent(token, r.body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "CREATE",
      numRequested: 2,
      numCompleted: 2,
    });
    const users = (await sb.get("/users", token)).body.users;
    expect(users[0]).toEqual({
      clientUserId: "new-1",
      email: "new1@school.example",
      inviteCode: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: "Registered",
    });
    expect(users[1]).toEqual({
      clientUserId: "new-2",
      idHash: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
      status: "Associated",
    });
  });

  it("when an active clientUserId is created again, then the event fails with 9716", async () => {
    const { token } = await emptyLocation();
    await createUsers(token, ["dup"]);
    const r = await sb.post("/users/create", { users: [{ clientUserId: "dup" }] }, token);
    expect(await sb.waitForEvent(token, r.body.eventId)).toMatchObject({
      eventStatus: "FAILED",
      numCompleted: 0,
      failures: [{ errorNumber: 9716, errorInfo: { clientUserIds: ["dup"] } }],
    });
  });

  it("when a user is retired and created again, then both entries are listed and activeOnly / retiredOnly filter them", async () => {
    const { token } = await emptyLocation();
    await createUsers(token, ["leaver"]);
    const a = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: KEYNOTE }, { adamId: BOOK }], clientUserIds: ["leaver"] },
      token,
    );
    await sb.waitForEvent(token, a.body.eventId);
    const ret = await sb.post("/users/retire", { users: [{ clientUserId: "leaver" }] }, token);
    expect(await sb.waitForEvent(token, ret.body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "RETIRE",
    });
    // Retiring frees revocable licences; the book stays.
    expect((await sb.get("/assignments?clientUserId=leaver", token)).body.assignments).toEqual([
      { adamId: BOOK, pricingParam: "STDQ", clientUserId: "leaver" },
    ]);
    await createUsers(token, ["leaver"]);
    const all = (await sb.get("/users?clientUserId=leaver", token)).body.users;
    expect(all.map((u: any) => u.status)).toEqual(["Retired", "Registered"]);
    expect(all[0]).not.toHaveProperty("inviteCode");
    expect(
      (await sb.get("/users?clientUserId=leaver&activeOnly=true", token)).body.users.map(
        (u: any) => u.status,
      ),
    ).toEqual(["Registered"]);
    expect(
      (await sb.get("/users?clientUserId=leaver&retiredOnly=true", token)).body.users.map(
        (u: any) => u.status,
      ),
    ).toEqual(["Retired"]);
    expect((await sb.get("/users?clientUserId=leaver&includeRetired=0", token)).body.users).toHaveLength(1);
  });

  it("when a user is updated or retired who does not exist, then 9609 in failures", async () => {
    const { token } = await emptyLocation();
    const r = await sb.post("/users/retire", { users: [{ clientUserId: "ghost" }] }, token);
    expect((await sb.waitForEvent(token, r.body.eventId)).failures[0]).toMatchObject({
      errorNumber: 9609,
      errorInfo: { clientUserIds: ["ghost"] },
    });
  });

  it("when the demo data is listed, then users in every state exist, some clientUserIds twice", async () => {
    const t = await sb.mint();
    const users: any[] = [];
    let page: number | undefined = 0;
    while (page !== undefined) {
      const r: any = await sb.get(`/users?pageIndex=${page}`, t.cToken);
      users.push(...r.body.users);
      page = r.body.nextPageIndex;
    }
    expect(users.length).toBeGreaterThan(1400);
    const states = new Set(users.map((u) => u.status));
    expect(states).toEqual(new Set(["Registered", "Associated", "Retired"]));
    const counts = new Map<string, number>();
    for (const u of users) counts.set(u.clientUserId, (counts.get(u.clientUserId) ?? 0) + 1);
    expect([...counts.values()].some((n) => n === 2)).toBe(true);
  });
});

describe("external events (§15.18)", () => {
  it("when a purchase of 25 arrives, then total and available grow by 25", async () => {
    const { token, uId } = await emptyLocation();
    const before = await asset(token, PROCREATE);
    const r = await sb.control("POST", `/locations/${uId}/asset-count`, {
      adamId: PROCREATE,
      countDelta: 25,
    });
    expect(r.status).toBe(200);
    const after = await asset(token, PROCREATE);
    expect([
      after.totalCount - before.totalCount,
      after.availableCount - before.availableCount,
      after.assignedCount,
    ]).toEqual([25, 25, before.assignedCount]);
    const refund = await sb.control("POST", `/locations/${uId}/asset-count`, {
      adamId: PROCREATE,
      countDelta: -1_000_000,
    });
    expect(refund.status).toBe(400);
  });

  it("when a registered user accepts the invitation, then they become Associated", async () => {
    const { token, uId } = await emptyLocation();
    await createUsers(token, ["invitee"]);
    const r = await sb.control("POST", `/locations/${uId}/accept-invitation`, { clientUserId: "invitee" });
    expect(r.body.status).toBe("Associated");
    const u = (await sb.get("/users?clientUserId=invitee", token)).body.users[0];
    expect(u.status).toBe("Associated");
    expect(u.idHash).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});
