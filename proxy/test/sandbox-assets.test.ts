import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJson, startSandbox, type SandboxHarness } from "./sandbox-harness.js";

// §15.5, 6, 8, 9, 17, 19, 20: assets, assignments, pagination, versioning, metadata.
let sb: SandboxHarness;
let token: string;
let uId: string;

beforeAll(async () => {
  // Paging the whole demo data set takes more than 15 requests a second; throttling has its own tests.
  sb = await startSandbox({ limits: { maxRequestPerSecond: 100_000 } });
  ({ cToken: token, uId } = await sb.mint());
});
afterAll(() => sb.close());

async function allPages(path: string, key: string, tok = token): Promise<any[]> {
  const out: any[] = [];
  let page: number | undefined = 0;
  while (page !== undefined) {
    const sep = path.includes("?") ? "&" : "?";
    const r: any = await sb.get(`${path}${sep}pageIndex=${page}`, tok);
    expect(r.status).toBe(200);
    out.push(...r.body[key]);
    page = r.body.nextPageIndex;
  }
  return out;
}

describe("assets (§4.1, §15.5)", () => {
  it("when the demo location is listed, then every asset has Apple's fields and consistent counts", async () => {
    const r = await sb.get("/assets", token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ currentPageIndex: 0, totalPages: 1, uId });
    expect(r.body.size).toBe(r.body.assets.length);
    expect(r.body.assets.length).toBeGreaterThanOrEqual(55);
    expect(r.body.versionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const a of r.body.assets) {
      expect(Object.keys(a).sort()).toEqual([
        "adamId",
        "assignedCount",
        "availableCount",
        "deviceAssignable",
        "pricingParam",
        "productType",
        "retiredCount",
        "revocable",
        "supportedPlatforms",
        "totalCount",
      ]);
      expect(typeof a.adamId).toBe("string");
      expect(a.totalCount).toBe(a.assignedCount + a.availableCount);
      if (a.productType === "Book") expect([a.deviceAssignable, a.revocable]).toEqual([false, false]);
    }
    const types = new Set(r.body.assets.map((a: any) => `${a.productType}/${a.pricingParam}`));
    expect(types).toEqual(new Set(["App/STDQ", "App/PLUS", "Book/STDQ"]));
    expect(r.body.assets.some((a: any) => a.totalCount === 2147483647)).toBe(true);
    expect(r.body.assets.some((a: any) => a.totalCount < 2147483647 && a.availableCount === 0)).toBe(true);
  });

  it("when unlimited=true, then free assets move to unlimitedAssets without counts; unlimited=false leaves them out", async () => {
    const all = (await sb.get("/assets", token)).body.assets;
    const free = all.filter((a: any) => a.totalCount === 2147483647);
    const withU = await sb.get("/assets?unlimited=true", token);
    expect(withU.body.unlimitedAssets).toHaveLength(free.length);
    for (const u of withU.body.unlimitedAssets) {
      expect(u).not.toHaveProperty("availableCount");
      expect(u).not.toHaveProperty("totalCount");
      expect(u).not.toHaveProperty("retiredCount");
    }
    expect(withU.body.assets).toHaveLength(all.length - free.length);
    const without = await sb.get("/assets?unlimited=false", token);
    expect(without.body.assets).toHaveLength(all.length - free.length);
    expect(without.body).not.toHaveProperty("unlimitedAssets");
  });

  it("when filters are given, then only matching assets come back (bounds inclusive)", async () => {
    const books = (await sb.get("/assets?productType=Book", token)).body.assets;
    expect(books.length).toBeGreaterThan(5);
    expect(books.every((a: any) => a.productType === "Book")).toBe(true);
    const plus = (await sb.get("/assets?pricingParam=PLUS", token)).body.assets;
    expect(plus.map((a: any) => a.adamId).sort()).toEqual(["425073498", "824183456"]);
    const dev = (await sb.get("/assets?deviceAssignable=false", token)).body.assets;
    expect(dev.every((a: any) => !a.deviceAssignable)).toBe(true);
    const one = (await sb.get("/assets?adamId=361285480", token)).body.assets;
    expect(one).toHaveLength(1);
    const min = one[0].assignedCount;
    const bounded = (await sb.get(`/assets?minAssignedCount=${min}&maxAssignedCount=${min}`, token)).body
      .assets;
    expect(bounded.map((a: any) => a.adamId)).toContain("361285480");
    const empty = (await sb.get("/assets?maxAvailableCount=-1", token)).body;
    expect(empty).toMatchObject({ assets: [], size: 0, totalPages: 0, currentPageIndex: 0 });
    expect(empty).not.toHaveProperty("nextPageIndex");
  });

  it("when a filter value is malformed, then 400 with 9602", async () => {
    for (const q of ["productType=Movie", "revocable=maybe", "minAvailableCount=ten"]) {
      const r = await sb.get(`/assets?${q}`, token);
      expect([r.status, r.body.errorNumber], q).toEqual([400, 9602]);
    }
  });

  it("when sinceVersionId is sent to Get Assets, then it is ignored, or refused in strict mode", async () => {
    expect((await sb.get("/assets?sinceVersionId=abc", token)).status).toBe(200);
    await sb.control("PATCH", "/config", { strictAssets: true });
    expect((await sb.get("/assets?sinceVersionId=abc", token)).body.errorNumber).toBe(9602);
    await sb.control("PATCH", "/config", { strictAssets: false });
  });
});

describe("pagination (§7, §15.8)", () => {
  it("when assignments span pages, then paging is zero-based and nextPageIndex is absent on the last page", async () => {
    const first = await sb.get("/assignments", token);
    const { totalPages } = first.body;
    expect(first.body).toMatchObject({ currentPageIndex: 0, nextPageIndex: 1, size: 1000 });
    expect(totalPages).toBeGreaterThan(20);
    const last = await sb.get(`/assignments?pageIndex=${totalPages - 1}`, token);
    expect(last.body.currentPageIndex).toBe(totalPages - 1);
    expect(last.body).not.toHaveProperty("nextPageIndex");
    expect(last.body.size).toBe(last.body.assignments.length);
    const out = await sb.get(`/assignments?pageIndex=${totalPages}`, token);
    expect([out.status, out.body.errorNumber]).toEqual([400, 9650]);
    for (const bad of ["-1", "x", "1.5"]) {
      expect((await sb.get(`/assignments?pageIndex=${bad}`, token)).body.errorNumber, bad).toBe(9650);
    }
  });

  it("when the page size is configured, then pages follow it", async () => {
    await sb.control("PATCH", "/config", { pageSize: 549 });
    const r = await sb.get("/assignments", token);
    await sb.control("PATCH", "/config", { pageSize: 1000 });
    expect(r.body.size).toBe(549);
  });

  it("when data changes between two page requests, then versionId and totalPages move", async () => {
    const fresh = await sb.mint();
    const p0 = await sb.get("/assignments?pageIndex=0", fresh.cToken);
    await sb.control("POST", `/locations/${fresh.uId}/churn`, { dataset: "assignments", count: 1500 });
    const p1 = await sb.get("/assignments?pageIndex=1", fresh.cToken);
    expect(p1.body.versionId).not.toBe(p0.body.versionId);
    const live = (await sb.control<any[]>("GET", `/locations/${fresh.uId}/holds`)).body.length;
    expect(p1.body.totalPages).toBe(Math.ceil(live / 1000));
    expect(p1.body.totalPages).toBeGreaterThan(p0.body.totalPages);
  });

  it("when every page is read, then the records equal the location's holdings exactly once each", async () => {
    const paged = await allPages("/assignments", "assignments");
    const truth = (await sb.control<any[]>("GET", `/locations/${uId}/holds`)).body;
    const key = (a: any) => `${a.adamId}|${a.serialNumber ?? ""}|${a.clientUserId ?? ""}`;
    expect(paged.length).toBe(truth.length);
    expect(new Set(paged.map(key))).toEqual(new Set(truth.map(key)));
    for (const a of paged.slice(0, 200)) {
      expect("serialNumber" in a !== "clientUserId" in a).toBe(true);
    }
  });
});

describe("assignment listing (§4.2, §15.17)", () => {
  it("when filtered by adamId, serialNumber or clientUserId, then only those records return", async () => {
    const byAsset = await allPages("/assignments?adamId=425073498&pricingParam=STDQ", "assignments");
    const assets = (await sb.get("/assets?adamId=425073498&pricingParam=STDQ", token)).body.assets;
    expect(byAsset).toHaveLength(assets[0].assignedCount);
    expect(byAsset.every((a) => a.adamId === "425073498" && a.pricingParam === "STDQ")).toBe(true);

    const serial = byAsset.find((a) => a.serialNumber)?.serialNumber as string;
    const byDevice = (await sb.get(`/assignments?serialNumber=${serial}`, token)).body.assignments;
    expect(byDevice.length).toBeGreaterThan(0);
    expect(byDevice.every((a: any) => a.serialNumber === serial)).toBe(true);

    const users = (await sb.get("/users?activeOnly=true", token)).body.users;
    const withBooks = await allPages("/assignments?productType=Book", "assignments");
    const someUser = withBooks.find((a) => a.clientUserId)?.clientUserId as string;
    expect(users.length).toBeGreaterThan(0);
    const byUser = (await sb.get(`/assignments?clientUserId=${someUser}`, token)).body.assignments;
    expect(byUser.every((a: any) => a.clientUserId === someUser)).toBe(true);
    const none = (await sb.get("/assignments?serialNumber=NOPE", token)).body;
    expect(none).toMatchObject({ assignments: [], size: 0, totalPages: 0 });
  });

  it("when includeUserState=true, then user assignments carry userStatus and idHash", async () => {
    const page = (await sb.get("/assignments?includeUserState=true&pageIndex=30", token)).body.assignments;
    const userRows = (await allPages("/assignments?includeUserState=true", "assignments")).filter(
      (a) => a.clientUserId,
    );
    expect(userRows.length).toBeGreaterThan(100);
    expect(
      userRows.every((a) => ["Registered", "Associated", "Retired", "Deleted"].includes(a.userStatus)),
    ).toBe(true);
    expect(userRows.some((a) => a.userStatus === "Associated" && /^[A-Za-z0-9+/]{27}=$/.test(a.idHash))).toBe(
      true,
    );
    expect(page.filter((a: any) => a.serialNumber).every((a: any) => !("userStatus" in a))).toBe(true);
    const plain = (await allPages("/assignments", "assignments")).filter((a) => a.clientUserId);
    expect(plain.every((a) => !("userStatus" in a) && !("idHash" in a))).toBe(true);
  });

  it("when excludeInactiveUsers=true, then retired users' assignments are left out", async () => {
    const all = (await allPages("/assignments?includeUserState=true", "assignments")).filter(
      (a) => a.clientUserId,
    );
    const retired = all.filter((a) => a.userStatus === "Retired");
    expect(retired.length).toBeGreaterThan(0);
    const active = (await allPages("/assignments?excludeInactiveUsers=true", "assignments")).filter(
      (a) => a.clientUserId,
    );
    expect(active.length).toBe(all.length - retired.length);
  });
});

describe("versioning (§15.9)", () => {
  it("when an assignment is removed, then a sinceVersionId delta does not list it (the removal blind spot, decision 11)", async () => {
    const fresh = await sb.mint({ data: "demo" });
    const v0 = (await sb.get("/assignments", fresh.cToken)).body.versionId;
    const changed = await sb.control("POST", `/locations/${fresh.uId}/external`, { unassign: 1, seed: 3 });
    expect(changed.body.removed).toBe(1);
    const delta = (await sb.get(`/assignments?sinceVersionId=${v0}`, fresh.cToken)).body;
    expect(delta.versionId).not.toBe(v0);
    expect(delta.assignments).toEqual([]);
  });

  it("when sinceVersionId is given, then only records changed since then return, paginated, with a new versionId", async () => {
    const fresh = await sb.mint();
    const v0 = (await sb.get("/assignments", fresh.cToken)).body.versionId;
    const same = (await sb.get(`/assignments?sinceVersionId=${v0}`, fresh.cToken)).body;
    expect(same).toMatchObject({ assignments: [], size: 0, totalPages: 0, versionId: v0 });
    const ev = await sb.post(
      "/assets/associate",
      { assets: [{ adamId: "361309726" }], serialNumbers: ["NEW-1", "NEW-2"] },
      fresh.cToken,
    );
    await sb.waitForEvent(fresh.cToken, ev.body.eventId);
    const delta = (await sb.get(`/assignments?sinceVersionId=${v0}`, fresh.cToken)).body;
    expect(delta.assignments).toEqual([
      { adamId: "361309726", pricingParam: "STDQ", serialNumber: "NEW-1" },
      { adamId: "361309726", pricingParam: "STDQ", serialNumber: "NEW-2" },
    ]);
    expect(delta.versionId).not.toBe(v0);
    const bad = await sb.get(
      "/assignments?sinceVersionId=70e8c740-514c-11eb-bb63-a90b882fcd52",
      fresh.cToken,
    );
    expect([bad.status, bad.body.errorNumber]).toEqual([400, 9721]);
    expect((await sb.get("/users?sinceVersionId=nope", fresh.cToken)).body.errorNumber).toBe(9721);
  });
});

describe("metadata lookup (§15.20)", () => {
  it("when ids are looked up, then names, bundle ids and artwork come back; unknown ids are absent", async () => {
    const body = await fetchJson(
      `${sb.url}/lookup?version=2&id=361285480,408709785,1160354987,999&p=mdm-lockup&caller=MDM&platform=volumestore&cc=us&l=en`,
    );
    expect(Object.keys(body.results).sort()).toEqual(["1160354987", "361285480", "408709785"]);
    expect(body.results["361285480"]).toMatchObject({
      name: "Keynote",
      bundleId: "com.apple.Keynote",
      kind: "iosSoftware",
    });
    expect(body.results["1160354987"].kind).toBe("ebook");
    expect(body.isAuthenticated).toBe(false);
    const art = body.results["361285480"].artwork.url
      .replace("{w}", "64")
      .replace("{h}", "64")
      .replace("{f}", "png");
    const svg = await fetch(art);
    expect(svg.headers.get("content-type")).toMatch(/image\/svg\+xml/);
    expect(await svg.text()).toContain("<title>Keynote</title>");
    const nothing = await fetchJson(`${sb.url}/lookup?id=123`);
    expect(nothing.results).toEqual({});
  });

  it("when a custom B2B app is looked up, then it appears only with the itvt cookie", async () => {
    const anon = await fetchJson(`${sb.url}/lookup?id=1637721405`);
    expect(anon.results).toEqual({});
    const authed = await fetchJson(`${sb.url}/lookup?id=1637721405`, {
      headers: { Cookie: `itvt=${encodeURIComponent(token)}` },
    });
    expect(authed.results["1637721405"]).toMatchObject({ name: "LUSD Lab Kiosk", isB2BCustomApp: true });
  });

  it("when every seeded asset is looked up, then each has a name", async () => {
    const assets = (await sb.get("/assets", token)).body.assets;
    const ids = [...new Set(assets.map((a: any) => a.adamId))].join(",");
    const body = await fetchJson(`${sb.url}/lookup?id=${ids}`, {
      headers: { Cookie: `itvt=${encodeURIComponent(token)}` },
    });
    for (const a of assets) expect(body.results[a.adamId]?.name, a.adamId).toBeTruthy();
  });
});
