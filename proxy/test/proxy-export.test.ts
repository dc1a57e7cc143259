import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CATALOG } from "../src/sandbox/catalog.js";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

let apple: SandboxHarness;
let c: ConsoleHarness;
let admin: string;
let loc: { id: string; uId: string; token: string };

const HEADER = [
  "adamId",
  "name",
  "productType",
  "pricingParam",
  "assigneeType",
  "serialNumber",
  "clientUserId",
  "userStatus",
  "email",
  "personName",
];
const key = (r: { adamId: string; serialNumber?: string; clientUserId?: string }) =>
  `${r.adamId}|${r.serialNumber ?? ""}|${r.clientUserId ?? ""}`;

beforeAll(async () => {
  apple = await startSandbox({
    eventTasksPerSecond: 0,
    pageSize: 500,
    limits: { maxRequestPerSecond: 100_000 },
  });
  c = await startConsole({ VPP_BASE_URL: apple.base });
  admin = await c.signIn();
});
// Each case exports a location of its own, so cases that change Apple's data never meet.
beforeEach(async () => {
  const t = await apple.mint({ locationName: "Lycée Jean-Moulin" });
  const r = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
  loc = { id: r.body.id, uId: t.uId, token: t.cToken };
});
afterAll(async () => {
  await c.close();
  await apple.close();
});

async function exportRows(query = "") {
  const res = await fetch(`${c.url}/api/locations/${loc.id}/export/assignments.csv${query}`, {
    headers: { Cookie: admin },
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return { res, buf, rows: parse(buf, { bom: true, relax_column_count: true }) as string[][] };
}
const truth = async (adamId?: string) =>
  (await apple.control<any[]>("GET", `/locations/${loc.uId}/holds${adamId ? `?adamId=${adamId}` : ""}`)).body;

describe("assignments export", () => {
  it("when everything is exported, then the file parses back to exactly the sandbox's holdings, with BOM and a dated filename", async () => {
    const { res, buf, rows } = await exportRows();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="vpp-assignments-all-lycee-jean-moulin-\d{8}-\d{4}\.csv"/,
    );
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows[0]).toEqual(HEADER);
    const data = rows.slice(1);
    const expected = await truth();
    expect(data).toHaveLength(expected.length);
    expect(new Set(data.map((r) => `${r[0]}|${r[5]}|${r[6]}`))).toEqual(new Set(expected.map(key)));
    const keynote = data.find((r) => r[0] === "361285480");
    expect(keynote?.slice(1, 5)).toEqual(["Keynote", "App", "STDQ", "device"]);
    const userRow = data.find((r) => r[4] === "user" && r[8] !== "");
    expect(userRow?.[7]).toMatch(/^(Registered|Associated|Retired)$/);
    expect(userRow?.[8]).toMatch(/@lincoln\.k12\.example$/);
  });

  it("when filtered by asset, device or user, then only their rows come back, exactly", async () => {
    const byAsset = await exportRows("?adamId=425073498&pricingParam=STDQ");
    const procreate = (await truth("425073498")).filter((h) => h.serialNumber || h.clientUserId);
    const stdq = (await apple.get("/assignments?adamId=425073498&pricingParam=STDQ&pageIndex=0", loc.token))
      .body;
    expect(byAsset.rows.slice(1).every((r) => r[0] === "425073498" && r[3] === "STDQ")).toBe(true);
    expect(byAsset.rows.length - 1).toBe(stdq.assignments.length + 0 * procreate.length);

    const serial = byAsset.rows[1]?.[5] as string;
    const byDevice = await exportRows(`?serialNumber=${encodeURIComponent(serial)}`);
    const deviceTruth = (await truth()).filter((h) => h.serialNumber === serial);
    expect(new Set(byDevice.rows.slice(1).map((r) => `${r[0]}|${r[5]}|${r[6]}`))).toEqual(
      new Set(deviceTruth.map(key)),
    );

    const user = (await truth()).find((h) => h.clientUserId)?.clientUserId as string;
    const byUser = await exportRows(`?clientUserId=${encodeURIComponent(user)}`);
    const userTruth = (await truth()).filter((h) => h.clientUserId === user);
    expect(byUser.rows.length - 1).toBe(userTruth.length);
    expect(byUser.rows.slice(1).every((r) => r[6] === user && r[4] === "user")).toBe(true);
  });

  it("when a name holds quotes, commas, a line break, accents and an emoji, then it survives the round trip", async () => {
    const tricky = CATALOG.find((x) => x.adamId === "1570000001")?.name as string;
    await apple.post("/users/create", { users: [{ clientUserId: "poet-1" }] }, loc.token);
    const ev = await apple.post(
      "/assets/associate",
      { assets: [{ adamId: "1570000001" }], clientUserIds: ["poet-1"] },
      loc.token,
    );
    await apple.waitForEvent(loc.token, ev.body.eventId);
    const { rows } = await exportRows("?clientUserId=poet-1");
    expect(rows[1]?.[1]).toBe(tricky);
    expect(rows[1]?.[1]).toContain("\n");
  });

  it("when serial numbers start with = + - @ tab or CR, then each is neutralised and none can run as a formula", async () => {
    const evil = ['=HYPERLINK("http://x")', "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB1", "\rCR1"];
    const ev = await apple.post(
      "/assets/associate",
      { assets: [{ adamId: "361304891" }], serialNumbers: evil },
      loc.token,
    );
    await apple.waitForEvent(loc.token, ev.body.eventId);
    const { rows } = await exportRows("?adamId=361304891&pricingParam=STDQ");
    const cells = rows.slice(1).map((r) => r[5] as string);
    for (const e of evil) expect(cells).toContain(`'${e}`);
    expect(rows.flat().some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
  });

  it("when Apple holds the location during the export, then the export waits and the file is complete", async () => {
    const expected = (await truth()).length;
    await apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 1,
      pathPrefix: "/assignments",
      uId: loc.uId,
      count: 1,
    });
    const t0 = Date.now();
    const { res, rows } = await exportRows();
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(rows.length - 1).toBe(expected);
    expect(rows.at(-1)?.[0]).not.toMatch(/^(NOTE|EXPORT FAILED)/);
  });

  it("when Apple's data changes during the export, then the file ends with a line that says so", async () => {
    await apple.control("PATCH", "/config", { latencyMs: 40 });
    const res = await fetch(`${c.url}/api/locations/${loc.id}/export/assignments.csv`, {
      headers: { Cookie: admin },
    });
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    let churned = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      // Once a few pages are in the file, the data moves under the export.
      if (!churned && bytes > 100_000) {
        churned = true;
        await apple.control("POST", `/locations/${loc.uId}/churn`, { dataset: "assignments", count: 3 });
      }
    }
    expect(churned).toBe(true);
    await apple.control("PATCH", "/config", { latencyMs: 0 });
    const rows = parse(Buffer.concat(chunks), { bom: true, relax_column_count: true }) as string[][];
    expect(rows.at(-1)?.[0]).toMatch(/^NOTE: Apple's data changed while this file was being exported/);
  });

  it("when the token has expired or Apple holds the location, then the refusal comes in words before any download", async () => {
    const soon = new Date(Date.now() + 1200).toISOString().replace(/\.\d{3}Z$/, "+0000");
    const t = await apple.mint({ data: "empty", expDate: soon });
    const added = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
    await new Promise((r) => setTimeout(r, 1300));
    const expired = await c.call("GET", `/api/locations/${added.body.id}/export/assignments.csv`, {
      cookie: admin,
    });
    expect([expired.status, expired.body.error.code]).toEqual([409, "TOKEN_EXPIRED"]);
    expect(
      (await c.call("GET", `/api/locations/${added.body.id}/export/preflight`, { cookie: admin })).status,
    ).toBe(409);

    await apple.control("POST", "/faults", {
      status: 503,
      retryAfter: 30,
      pathPrefix: "/client",
      uId: loc.uId,
    });
    await c.call("GET", `/api/locations/${loc.id}/vpp/client/config`, { cookie: admin });
    const held = await c.call("GET", `/api/locations/${loc.id}/export/preflight`, { cookie: admin });
    expect([held.status, held.body.error.code, held.headers.get("retry-after")]).toEqual([
      503,
      "APPLE_HOLD",
      "30",
    ]);
  });

  it("when a filter is malformed, then 400 naming it", async () => {
    const other = await apple.mint();
    const added = await c.call("POST", "/api/locations", { cookie: admin, body: other.cToken });
    const r = await c.call("GET", `/api/locations/${added.body.id}/export/assignments.csv?adamId=abc`, {
      cookie: admin,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/adamId/);
  });
});

const postForm = (locationId: string, keys: string) =>
  fetch(`${c.url}/api/locations/${locationId}/export/assets.csv`, {
    method: "POST",
    headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded", Origin: c.url },
    body: new URLSearchParams({ keys }),
  });

describe("assets export", () => {
  it("when more than 2,000 rows are visible, then their keys travel in the body and the file holds exactly those, in order", async () => {
    const other = await apple.mint();
    const added = await c.call("POST", "/api/locations", { cookie: admin, body: other.cToken });
    const owned = (await apple.get("/assets", other.cToken)).body.assets.map(
      (a: { adamId: string; pricingParam: string }) => `${a.adamId}:${a.pricingParam}`,
    ) as string[];
    const unknown = Array.from({ length: 2000 }, (_, i) => `${9_000_000_000 + i}:STDQ`);
    const keys = [...unknown.slice(0, 1000), ...[...owned].reverse(), ...unknown.slice(1000)].join(",");
    expect(keys.length).toBeGreaterThan(30_000); // far past what a URL may carry
    const r = await postForm(added.body.id, keys);
    expect(r.status).toBe(200);
    const rows = parse(Buffer.from(await r.arrayBuffer()), { bom: true }) as string[][];
    expect(rows.slice(1).map((x) => `${x[0]}:${x[3]}`)).toEqual([...owned].reverse());
    const bad = await postForm(added.body.id, "425073498:GOLD");
    expect([bad.status, ((await bad.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      expect.stringContaining("keys are adamId:pricingParam"),
    ]);
  });

  it("when keys are given, then those assets come in that order with names and all counts; unlimited says so", async () => {
    const other = await apple.mint();
    const added = await c.call("POST", "/api/locations", { cookie: admin, body: other.cToken });
    const r = await postForm(added.body.id, "425073498:PLUS,361285480:STDQ");
    const rows = parse(Buffer.from(await r.arrayBuffer()), { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      "adamId",
      "name",
      "productType",
      "pricingParam",
      "platforms",
      "totalCount",
      "assignedCount",
      "availableCount",
      "retiredCount",
      "deviceAssignable",
      "revocable",
    ]);
    expect(rows.slice(1).map((x) => [x[0], x[1], x[3]])).toEqual([
      ["425073498", "Procreate", "PLUS"],
      ["361285480", "Keynote", "STDQ"],
    ]);
    expect(rows[2]?.[5]).toBe("unlimited");
    const plus = (await apple.get("/assets?adamId=425073498&pricingParam=PLUS", other.cToken)).body.assets[0];
    expect(rows[1]?.slice(5, 8)).toEqual([
      String(plus.totalCount),
      String(plus.assignedCount),
      String(plus.availableCount),
    ]);
  });
});
