import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOK, KEYNOTE, PROCREATE, serials, startJobWorld, type JobWorld } from "./job-harness.js";

// The reclaim centre against "Apple" (a standalone sandbox) over HTTP: each rule gives exactly the
// licences Apple's own record says, previews carry the value, take-backs are frozen and guarded.
let w: JobWorld;
const call = (method: string, p: string, body?: unknown, cookie = w.admin) =>
  w.c.call(method, p, { cookie, body });
const DAY = 86_400_000;

beforeAll(async () => {
  w = await startJobWorld({ SYNC: "on", SYNC_INTERVAL_MS: "3600000", RECLAIM_TICK_MS: "200" });
});
afterAll(() => w.close());

/** A location of its own whose devices hold Keynote (all 10) and Procreate (the first 5). */
async function devicesLocation(prefix: string) {
  const loc = await w.newLocation({ data: "empty" });
  const all = serials(prefix, 10);
  for (const [adamId, list] of [
    [KEYNOTE, all],
    [PROCREATE, all.slice(0, 5)],
  ] as const) {
    const r = await w.submit(loc.id, { type: "associate", assets: [{ adamId }], serialNumbers: list });
    expect(r.status).toBe(202);
    expect((await w.settled(r.body.id)).state).toBe("complete");
  }
  await w.c.services.sync.settled(loc.id);
  return { ...loc, serials: all };
}

async function uploadList(kind: "inventory" | "roster", csv: string, query = "") {
  const r = await call("POST", `/api/reclaim/lists?kind=${kind}&name=${kind}%20${Date.now()}${query}`, csv);
  expect(r.body.error).toBeUndefined();
  expect(r.status).toBe(201);
  return r.body as { list: { id: string }; preview: any };
}

async function rule(id: string, query: object, name = "rule") {
  const r = await call("POST", `/api/locations/${id}/reclaim/rules`, { name, query });
  expect(r.body.error).toBeUndefined();
  expect(r.status).toBe(201);
  const preview = await call("GET", `/api/locations/${id}/reclaim/rules/${r.body.id}/preview`);
  expect(preview.status).toBe(200);
  return { ruleId: r.body.id as string, preview: preview.body };
}

/** Apple's own counts of a location's limited titles. */
function appleLimited(uId: string) {
  const loc = w.apple.state.locations.get(uId);
  if (!loc) throw new Error(`no location ${uId} at Apple`);
  return loc.assets
    .filter((a) => !a.unlimited)
    .map((a) => ({
      adamId: a.adamId,
      pricingParam: a.pricingParam,
      total: a.totalCount,
      assigned: a.assignedCount,
      available: loc.availableCount(a),
    }));
}

/** Apple's own record of who holds what, as "kind target adamId" lines. */
async function appleHolds(uId: string) {
  return (await w.holds(uId)).map((h) =>
    h.serialNumber ? `device ${h.serialNumber} ${h.adamId}` : `user ${h.clientUserId} ${h.adamId}`,
  );
}

async function previewCsv(id: string, ruleId: string) {
  const r = await call("GET", `/api/locations/${id}/reclaim/rules/${ruleId}/preview.csv`);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-disposition")).toMatch(/vpp-reclaim-/);
  return parse(r.text, { bom: true, columns: true }) as Record<string, string>[];
}

const lines = (rows: Record<string, string>[]) =>
  rows.map((r) => `${r.kind} ${r.serialNumber || r.clientUserId} ${r.adamId}`).sort();

describe("reading an inventory", () => {
  it("30,000 serials with a BOM, semicolons, extra columns and broken lines: every good line read, the bad ones listed", async () => {
    const rows = ["Serial Number;Device Name;Model;Last Check-in;Site"];
    for (let i = 0; i < 30_000; i++)
      rows.push(`c02x${String(i).padStart(6, "0")};"iPad; Cart ${i % 40}";iPad9,1;2026-10-01 08:00:00;North`);
    rows.splice(501, 0, '"BROKEN1;"x";y');
    rows.splice(2001, 0, ";no serial;iPad;2026-10-01;North");
    rows.splice(3001, 0, "C02X999999;ok;iPad;yesterday;North");
    const csv = `\uFEFF${rows.join("\r\n")}\r\n`;
    const r = await call("POST", "/api/reclaim/lists/preview?kind=inventory", csv);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      keyColumn: "Serial Number",
      seenColumn: "Last Check-in",
      entries: 30_001,
    });
    expect(r.body.problems).toEqual([
      { line: 502, message: expect.stringMatching(/not readable CSV/) },
      { line: 2002, message: "no serial number" },
      { line: 3002, message: 'last seen "yesterday" is not a date' },
    ]);
    // Serials are read as Apple keeps them: upper-case.
    expect(r.body.sample[0]).toEqual({ key: "C02X000000", seenAt: "2026-10-01T08:00:00.000Z" });
    // Nothing is saved by a preview.
    expect((await call("GET", "/api/reclaim/lists")).body.items).toEqual([]);
  });

  it("a file without a recognisable serial column asks for one, and a named column is used", async () => {
    const csv = "Asset tag,Hardware\nA1,ABCD1234\nA2,EFGH5678\n";
    const r = await call("POST", "/api/reclaim/lists/preview?kind=inventory", csv);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "NO_SERIAL_COLUMN" });
    expect(r.body.error.message).toContain('"Hardware"');
    const picked = await call("POST", "/api/reclaim/lists/preview?kind=inventory&keyColumn=Hardware", csv);
    expect(picked.body).toMatchObject({ keyColumn: "Hardware", entries: 2, problems: [] });
    const wrong = await call("POST", "/api/reclaim/lists/preview?kind=inventory&keyColumn=Nope", csv);
    expect(wrong.body.error).toMatchObject({ code: "UNKNOWN_COLUMN" });
  });
});

describe("rules give exactly the licences Apple's record says", () => {
  it("devices no longer in the inventory, and devices not seen for N days", async () => {
    const { id, uId, serials: all } = await devicesLocation("INV");
    // The inventory has the first six (two written in lower case) with check-in dates.
    const seen = (i: number) => (i < 3 ? new Date(Date.now() - 200 * DAY) : new Date(Date.now() - 2 * DAY));
    const csv = [
      "Serial Number,Name,Last Check-in",
      ...all.slice(0, 6).map((s, i) => `${i < 2 ? s.toLowerCase() : s},dev ${i},${seen(i).toISOString()}`),
    ].join("\n");
    const { list } = await uploadList("inventory", csv);

    const gone = await rule(id, { kind: "not-in-inventory", listId: list.id });
    const inInventory = new Set(all.slice(0, 6));
    const expected = (await appleHolds(uId))
      .filter((h) => h.startsWith("device ") && !inInventory.has(h.split(" ")[1] as string))
      .sort();
    expect(expected).toHaveLength(4);
    expect(gone.preview).toMatchObject({
      action: "revoke",
      count: 4,
      leftOut: 0,
      targets: { devices: 4, users: 0 },
    });
    expect(lines(await previewCsv(id, gone.ruleId))).toEqual(expected);
    expect(gone.preview.summary).toMatch(/revoke every revocable licence 4 devices hold: 4 licences/);

    const stale = await rule(id, { kind: "not-seen", listId: list.id, days: 90 });
    const old = new Set(all.slice(0, 3));
    const expectedStale = (await appleHolds(uId)).filter((h) => old.has(h.split(" ")[1] as string)).sort();
    expect(expectedStale).toHaveLength(6); // Keynote and Procreate on each of three
    expect(stale.preview).toMatchObject({ count: 6, targets: { devices: 3 } });
    expect(lines(await previewCsv(id, stale.ruleId))).toEqual(expectedStale);
    expect(stale.preview.perAsset.map((a: any) => [a.adamId, a.count]).sort()).toEqual(
      [
        [KEYNOTE, 3],
        [PROCREATE, 3],
      ].sort(),
    );
  });

  it("users not in a directory group or a roster, and retired users (whose books stay)", async () => {
    const { id, uId } = await w.newLocation({ data: "empty" });
    await w.c.services.sync.settled(id);
    const roster = [
      "email,name,class",
      "ann@school.example,Ann,Class of 2026",
      "bob@school.example,Bob,Class of 2026",
      "cy@school.example,Cy,Class of 2027",
    ].join("\n");
    const people = (await call("POST", `/api/locations/${id}/people/roster`, roster)).body.people;
    const reg = await call("POST", `/api/locations/${id}/people`, {
      people: people.map(({ line: _l, idFrom: _i, apple: _a, ...p }: any) => p),
    });
    expect(reg.body.error).toBeUndefined();
    expect((await w.settled(reg.body.job.id)).state).toBe("complete");
    const ids = people.map((p: any) => p.clientUserId) as string[];
    for (const adamId of [KEYNOTE, BOOK]) {
      const r = await w.submit(id, { type: "associate", assets: [{ adamId }], clientUserIds: ids });
      expect((await w.settled(r.body.id)).state).toBe("complete");
    }
    await w.c.services.sync.settled(id);
    const cy = ids[2] as string;

    const group = await rule(id, { kind: "not-in-roster", group: "Class of 2026" });
    expect(group.preview).toMatchObject({ count: 1, leftOut: 1, targets: { users: 1 } });
    const csv = await previewCsv(id, group.ruleId);
    expect(lines(csv)).toEqual((await appleHolds(uId)).filter((h) => h.includes(cy)).sort());
    expect(csv.find((r) => r.adamId === BOOK)?.action).toBe("stays (Apple cannot take it back)");

    // The roster names Ann by e-mail (in capitals) and Bob by clientUserId.
    const { list } = await uploadList("roster", `clientUserId,Email\n,ANN@school.example\n${ids[1]},\n`);
    const listed = await rule(id, { kind: "not-in-roster", listId: list.id });
    expect(listed.preview.hash).toBe(group.preview.hash);

    // Cy retired at Apple: Apple frees the revocable licence, the book stays with them.
    const retire = await call("POST", `/api/locations/${id}/people/retire`, {
      clientUserIds: [cy],
      revokeLicences: false,
    });
    expect(retire.status).toBe(202);
    expect((await w.settled(retire.body.id)).state).toBe("complete");
    await w.c.services.sync.settled(id);
    const retired = await rule(id, { kind: "retired-users" });
    expect(retired.preview).toMatchObject({ count: 0, leftOut: 1 });
    expect(retired.preview.sample).toEqual([
      expect.objectContaining({
        target: cy,
        adamId: BOOK,
        leftOut: true,
        reason: "Apple has them as Retired",
      }),
    ]);
    expect(retired.preview.summary).toMatch(/^Nothing to take back\. 1 licence of books/);
  });

  it("titles held by fewer than K, and titles nobody took for N days (judged only once watched that long)", async () => {
    const { id, uId } = await devicesLocation("FEW");
    const few = await rule(id, { kind: "few-holders", below: 6 });
    // Procreate has 5 holders, Keynote 10.
    expect(few.preview).toMatchObject({ action: "disassociate", count: 5 });
    expect(lines(await previewCsv(id, few.ruleId))).toEqual(
      (await appleHolds(uId)).filter((h) => h.endsWith(PROCREATE)).sort(),
    );

    const unused = await rule(id, { kind: "unused-titles", days: 30 });
    expect(unused.preview).toMatchObject({ action: "none", count: 0, idleTitles: [] });
    const withRoom = appleLimited(uId).filter((a) => a.available > 0);
    expect(unused.preview.notJudged).toBe(withRoom.length);

    // 60 days pass (the copy's history ages), then one more Procreate licence is taken today.
    w.c.db
      .prepare(
        "UPDATE copy_history SET at = at - ? WHERE loc = (SELECT id FROM sync_locations WHERE location_id = ?)",
      )
      .run(60 * DAY, id);
    const more = await w.submit(id, {
      type: "associate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: ["FEW00009"],
    });
    expect((await w.settled(more.body.id)).state).toBe("complete");
    await call("POST", `/api/locations/${id}/sync`, {});
    await w.c.services.sync.settled(id);
    const later = await call("GET", `/api/locations/${id}/reclaim/rules/${unused.ruleId}/preview`);
    const now = appleLimited(uId).filter(
      (a) => a.available > 0 && !(a.adamId === PROCREATE && a.pricingParam === "STDQ"),
    );
    expect(later.body.notJudged).toBe(0);
    expect(later.body.idleTitles.map((t: any) => [t.adamId, t.pricingParam, t.available]).sort()).toEqual(
      now.map((a) => [a.adamId, a.pricingParam, a.available]).sort(),
    );
  });
});

describe("value", () => {
  it("prices per title, never added across currencies; bad prices are refused and change nothing", async () => {
    const { id, uId } = await devicesLocation("VAL");
    expect(
      (await call("PUT", `/api/reclaim/prices/${PROCREATE}`, { amount: "12.99", currency: "usd" })).status,
    ).toBe(200);
    const bad = [
      [{ amount: "12.999", currency: "USD" }, /USD has 2 decimal places/],
      [{ amount: "5", currency: "XXQ" }, /ISO 4217/],
      [{ amount: "-1", currency: "USD" }, /number like 4.99/],
    ] as const;
    for (const [body, message] of bad) {
      const r = await call("PUT", `/api/reclaim/prices/${KEYNOTE}`, body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
    }
    const imported = await call(
      "POST",
      "/api/reclaim/prices.csv",
      `adamId,price,currency\n${BOOK},9.99,EUR\nabc,1,USD\n${KEYNOTE},1.5,JPY\n`,
    );
    expect(imported.body).toEqual({
      saved: 1,
      problems: [
        { line: 3, message: 'adamId "abc" is not digits' },
        { line: 4, message: "JPY has 0 decimal places; 1.5 has more" },
      ],
    });
    const prices = (await call("GET", "/api/reclaim/prices")).body.items;
    expect(prices.map((p: any) => [p.adamId, p.amount, p.currency]).sort()).toEqual(
      [
        [PROCREATE, "12.99", "USD"],
        [BOOK, "9.99", "EUR"],
      ].sort(),
    );
    const assets = appleLimited(uId);
    // A price is per title (adamId): every pricing of it counts.
    const sum = (adamId: string, k: "total" | "available") =>
      assets.filter((a) => a.adamId === adamId).reduce((n, a) => n + a[k], 0);
    const cents = (n: number, price: number) => (n * price).toFixed(2);
    const value = (await call("GET", `/api/locations/${id}/reclaim/value`)).body;
    expect(value.perCurrency).toEqual([
      {
        currency: "EUR",
        owned: cents(sum(BOOK, "total"), 9.99),
        assigned: "0.00",
        unassigned: cents(sum(BOOK, "available"), 9.99),
      },
      {
        currency: "USD",
        owned: cents(sum(PROCREATE, "total"), 12.99),
        assigned: cents(5, 12.99),
        unassigned: cents(sum(PROCREATE, "available"), 12.99),
      },
    ]);
    const gone = await rule(id, {
      kind: "not-in-inventory",
      listId: (await uploadList("inventory", "serial\nVAL00000\n")).list.id,
    });
    // Nine devices: nine Keynote (no price) and four Procreate at 12.99.
    expect(gone.preview).toMatchObject({
      count: 13,
      unpriced: 9,
      value: [{ currency: "USD", amount: "51.96" }],
    });
  });
});

describe("taking back, safely", () => {
  async function secondAdmin() {
    const name = `second${Date.now()}`;
    const r = await call("POST", "/api/accounts", {
      username: name,
      password: "another long password",
      role: "admin",
    });
    expect(r.status).toBe(201);
    return w.c.signIn(name, "another long password");
  }

  it("a typed count above N, a second admin above M; then it runs as jobs and the value recovered shows", async () => {
    await call("PUT", "/api/reclaim/guardrails", { confirmAbove: 2, approvalAbove: 3, timeZone: "UTC" });
    const { id, uId } = await devicesLocation("APR");
    await call("PUT", `/api/reclaim/prices/${PROCREATE}`, { amount: "10", currency: "USD" });
    const { list } = await uploadList(
      "inventory",
      "serial\nAPR00000\nAPR00001\nAPR00002\nAPR00003\nAPR00004\n",
    );
    const { ruleId, preview } = await rule(id, { kind: "not-in-inventory", listId: list.id });
    expect(preview.count).toBe(5); // Keynote on APR00005…9
    const url = `/api/locations/${id}/reclaim/rules/${ruleId}/reclaims`;
    const untyped = await call("POST", url, { hash: preview.hash, count: 5 });
    expect(untyped.body.error).toMatchObject({ code: "CONFIRM_COUNT" });
    const wrongHash = await call("POST", url, { hash: "0".repeat(64), count: 5, confirmCount: 5 });
    expect(wrongHash.status).toBe(409);
    expect((await call("GET", `/api/locations/${id}/reclaims`)).body.items).toEqual([]);

    const made = await call("POST", url, { hash: preview.hash, count: 5, confirmCount: 5 });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ state: "awaiting-approval", needsApproval: true, count: 5 });
    const rid = made.body.id;
    const self = await call("POST", `/api/locations/${id}/reclaims/${rid}/approve`);
    expect(self.status).toBe(403);
    expect(w.requests(uId, "/assets/revoke")).toHaveLength(0);
    // Admins hear that it waits: one alert, leading to the take-back.
    await w.c.services.alerts.tick();
    await w.c.services.alerts.tick();
    const waiting = () =>
      call("GET", "/api/alerts").then((r) =>
        r.body.items.filter(
          (a: any) => a.rule === "approval-waiting" && a.link === `/l/${id}/reclaim/r/${rid}`,
        ),
      );
    expect((await waiting()).map((a: any) => [a.title, a.clearedAt])).toEqual([
      [expect.stringMatching(/take-back of 5 licences .* waits for approval/), null],
    ]);

    const other = await secondAdmin();
    const approved = await call("POST", `/api/locations/${id}/reclaims/${rid}/approve`, undefined, other);
    expect(approved.body).toMatchObject({ state: "started", approvedBy: expect.stringMatching(/^second/) });
    await w.c.services.alerts.tick();
    expect((await waiting())[0].clearedAt).not.toBeNull();
    for (const jobId of approved.body.jobIds) expect((await w.settled(jobId)).state).toBe("complete");
    await w.c.services.sync.settled(id);
    const left = (await appleHolds(uId)).filter((h) => h.startsWith("device "));
    expect(left.filter((h) => /APR0000[5-9]/.test(h))).toEqual([]);
    const view = (await call("GET", `/api/locations/${id}/reclaims/${rid}`)).body;
    expect(view.progress).toEqual({ jobsDone: 1, jobs: 1, recovered: 5, value: [] });
    const audit = (await call("GET", "/api/audit")).body.map((a: any) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["reclaim.create", "reclaim.approve", "reclaim.start"]));
  });

  it("a frozen selection is refused when the copy moved beyond what was accepted, and runs within it", async () => {
    await call("PUT", "/api/reclaim/guardrails", { confirmAbove: 100, approvalAbove: 100, timeZone: "UTC" });
    const { id, uId } = await devicesLocation("MOV");
    const { list } = await uploadList("inventory", "serial\nMOV00000\n");
    const { ruleId, preview } = await rule(id, { kind: "not-in-inventory", listId: list.id });
    expect(preview.count).toBe(13);
    const soon = () => new Date(Date.now() + 1500).toISOString().slice(0, 19);
    const url = `/api/locations/${id}/reclaim/rules/${ruleId}/reclaims`;
    const strict = await call("POST", url, { hash: preview.hash, count: 13, runAt: soon() });
    const loose = await call("POST", url, { hash: preview.hash, count: 13, runAt: soon(), tolerance: 1 });
    expect([strict.body.state, loose.body.state]).toEqual(["scheduled", "scheduled"]);
    // Someone takes Procreate off MOV00001 before the time comes.
    const r = await w.submit(id, {
      type: "disassociate",
      assets: [{ adamId: PROCREATE }],
      serialNumbers: ["MOV00001"],
    });
    expect((await w.settled(r.body.id)).state).toBe("complete");
    await w.c.services.sync.settled(id);
    const stale = await call("POST", url, { hash: preview.hash, count: 13 });
    expect(stale.body.error).toMatchObject({ code: "SELECTION_CHANGED" });

    const until = async (rid: string) => {
      for (let i = 0; i < 100; i++) {
        const v = (await call("GET", `/api/locations/${id}/reclaims/${rid}`)).body;
        // "started" is written before its jobs are made: wait for them too.
        if (v.state !== "scheduled" && (v.state !== "started" || v.jobIds.length || v.error)) return v;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error("never started");
    };
    const refused = await until(strict.body.id);
    expect(refused.state).toBe("refused");
    expect(refused.error).toMatch(/1 of the 13 frozen licences are no longer selected and 0 new ones/);
    const ran = await until(loose.body.id);
    expect(ran.state).toBe("started");
    for (const jobId of ran.jobIds) expect((await w.settled(jobId)).state).toBe("complete");
    const left = (await appleHolds(uId)).filter((h) => h.startsWith("device ")).sort();
    expect(left).toEqual([`device MOV00000 ${KEYNOTE}`, `device MOV00000 ${PROCREATE}`].sort());
  });

  it("a scheduled rule only reports until an admin turns on taking back; then it freezes a take-back that still waits for approval above the threshold", async () => {
    await call("PUT", "/api/reclaim/guardrails", { confirmAbove: 2, approvalAbove: 100, timeZone: "UTC" });
    const { id, uId } = await devicesLocation("DRY");
    const { list } = await uploadList("inventory", "serial\nDRY00000\nDRY00001\nDRY00002\nDRY00003\n");
    const query = { kind: "not-in-inventory", listId: list.id };
    const make = async (name: string, autoRun: boolean) => {
      const r = await call("POST", `/api/locations/${id}/reclaim/rules`, {
        name,
        query,
        schedule: "daily",
        autoRun,
      });
      expect(r.status).toBe(201);
      expect(Date.parse(r.body.nextRunAt) - Date.now()).toBeGreaterThan(DAY - 60_000);
      return r.body.id as string;
    };
    const report = await make("report only", false);
    const auto = await make("take back", true);
    const onDemand = await call("POST", `/api/locations/${id}/reclaim/rules`, {
      name: "on demand",
      query,
      autoRun: true,
    });
    expect(onDemand.body.error).toMatchObject({ code: expect.any(String) });

    // Not due yet: nothing runs.
    await w.c.services.reclaim.tick(Date.now());
    expect((await call("GET", `/api/locations/${id}/reclaim/rules/${report}`)).body.lastRun).toBeNull();

    const tomorrow = Date.now() + DAY + 1000;
    await w.c.services.reclaim.tick(tomorrow);
    const reported = (await call("GET", `/api/locations/${id}/reclaim/rules/${report}`)).body;
    expect(reported.lastRun).toMatchObject({ count: 7 }); // Keynote on 6 devices, Procreate on 1
    expect(reported.lastRun.reclaimId).toBeUndefined();
    expect(Date.parse(reported.nextRunAt)).toBeGreaterThan(tomorrow);
    const taken = (await call("GET", `/api/locations/${id}/reclaim/rules/${auto}`)).body;
    expect(taken.lastRun).toMatchObject({ count: 7, reclaimId: expect.any(String) });
    // Nobody typed the count: above the confirmation threshold it waits for an admin.
    const frozen = (await call("GET", `/api/locations/${id}/reclaims/${taken.lastRun.reclaimId}`)).body;
    expect(frozen).toMatchObject({ state: "awaiting-approval", count: 7, ruleId: auto });
    expect((await call("GET", `/api/locations/${id}/reclaims`)).body.items).toHaveLength(1);
    expect(w.requests(uId, "/assets/revoke")).toHaveLength(0);
    const audit = (await call("GET", "/api/audit")).body.filter((a: any) => a.action === "reclaim.dry-run");
    expect(audit.map((a: any) => a.target)).toEqual(expect.arrayContaining([report, auto]));
    // The dry run alerts once: in the notification centre, leading to the rule.
    await w.c.services.alerts.tick();
    await w.c.services.alerts.tick();
    const found = (await call("GET", "/api/alerts")).body.items.filter(
      (a: any) => a.rule === "reclaim-found" && a.link === `/l/${id}/reclaim/rules/${report}`,
    );
    expect(found.map((a: any) => a.title)).toEqual([
      expect.stringMatching(/“report only” found 7 licences to take back/),
    ]);
  });

  it("a scheduled reclaim and one waiting for approval both survive a restart", async () => {
    await call("PUT", "/api/reclaim/guardrails", {
      confirmAbove: 100,
      approvalAbove: 1,
      timeZone: "America/New_York",
    });
    const { id, uId } = await devicesLocation("RST");
    const first = await uploadList(
      "inventory",
      "serial\nRST00000\nRST00001\nRST00002\nRST00003\nRST00004\nRST00005\nRST00006\nRST00007\n",
    );
    const two = await rule(id, { kind: "not-in-inventory", listId: first.list.id }, "two devices");
    expect(two.preview.count).toBe(2);
    const few = await rule(id, { kind: "few-holders", below: 2 }, "nothing");
    expect(few.preview.count).toBe(0);
    // 22:00-style wall time in New York, a few seconds from now.
    const inNewYork = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "America/New_York",
      dateStyle: "short",
      timeStyle: "medium",
    })
      .format(Date.now() + 3000)
      .replace(" ", "T");
    const url = `/api/locations/${id}/reclaim/rules/${two.ruleId}/reclaims`;
    const scheduled = await call("POST", url, { hash: two.preview.hash, count: 2, runAt: inNewYork });
    expect(scheduled.body).toMatchObject({ state: "awaiting-approval", timeZone: "America/New_York" });
    expect(Math.abs(Date.parse(scheduled.body.runAt) - (Date.now() + 3000))).toBeLessThan(2000);

    // The console stops; a second admin approves after it is back, before the time comes.
    const dataDir = w.c.dataDir;
    const other = `approver${Date.now()}`;
    await call("POST", "/api/accounts", {
      username: other,
      password: "another long password",
      role: "admin",
    });
    // Stopped between reads: every location's sync settled first.
    for (const l of w.c.services.locations.list()) await w.c.services.sync.settled(l.id);
    await w.c.close();
    const { startConsole } = await import("./console-harness.js");
    const c2 = await startConsole({
      DATA_DIR: dataDir,
      VPP_BASE_URL: w.apple.base,
      STATUS_POLL_MS: "200",
      SYNC: "on",
      SYNC_INTERVAL_MS: "3600000",
      RECLAIM_TICK_MS: "200",
    });
    try {
      const cookie = await c2.signIn(other, "another long password");
      const waiting = await c2.call("GET", `/api/locations/${id}/reclaims/${scheduled.body.id}`, { cookie });
      expect(waiting.body.state).toBe("awaiting-approval");
      const ok = await c2.call("POST", `/api/locations/${id}/reclaims/${scheduled.body.id}/approve`, {
        cookie,
      });
      expect(ok.body.state).toBe("scheduled");
      expect(w.requests(uId, "/assets/revoke")).toHaveLength(0);
      let v: any;
      for (let i = 0; i < 100; i++) {
        v = (await c2.call("GET", `/api/locations/${id}/reclaims/${scheduled.body.id}`, { cookie })).body;
        if (v.state === "started" && (v.jobIds.length || v.error)) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(v).toMatchObject({ state: "started", error: null });
      expect(v.jobIds).toHaveLength(1);
      expect(Date.parse(v.startedAt)).toBeGreaterThanOrEqual(Date.parse(v.runAt));
      for (const jobId of v.jobIds)
        expect((await c2.services.runner.settled(jobId, 30_000)).state).toBe("complete");
      const left = (await appleHolds(uId)).filter((h) => /RST0000[89]/.test(h));
      expect(left).toEqual([]);
    } finally {
      await c2.close();
    }
  });
});
