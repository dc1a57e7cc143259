import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobWorld, type JobWorld } from "./job-harness.js";

// Icons and metadata with the console pointed at a standalone "Apple" (VPP_BASE_URL): icons come
// through the console, so the page's CSP names no image host; the token goes only to Apple's hosts.
let w: JobWorld;

beforeAll(async () => {
  w = await startJobWorld();
});
afterAll(async () => w.close());

describe("icons through the console", () => {
  it("when an app's icon is asked for, then the console serves Apple's artwork from its own origin, and the CSP allows no other image host", async () => {
    const { id } = await w.newLocation();
    const meta = await w.c.call("GET", `/api/locations/${id}/metadata?ids=361285480`, { cookie: w.admin });
    const iconUrl = meta.body["361285480"].iconUrl as string;
    expect(iconUrl).toBe(`/api/locations/${id}/icons/361285480`);
    const icon = await w.c.call("GET", iconUrl, { cookie: w.admin });
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
    expect(icon.text).toMatch(/^<svg /);
    const csp = icon.headers.get("content-security-policy") ?? "";
    expect(csp).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const page = await w.c.call("GET", "/api/health");
    expect(page.headers.get("content-security-policy")).toContain("img-src 'self' data:;");
    const none = await w.c.call("GET", `/api/locations/${id}/icons/999999`, { cookie: w.admin });
    expect([none.status, none.body.error.code]).toEqual([404, "NO_ICON"]);
    expect((await w.c.call("GET", `/api/locations/${id}/icons/abc`, { cookie: w.admin })).status).toBe(400);
  });
});

describe("the token goes only to Apple's hosts", () => {
  let seen: http.IncomingHttpHeaders[] = [];
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ results: {} }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(async () => {
    await w.apple.control("PATCH", "/config", { metadataLookupUrl: null });
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("when service config names a metadata lookup on another host, then it gets no token and no cookie", async () => {
    const { id } = await w.newLocation();
    const port = (server.address() as AddressInfo).port;
    await w.apple.control("PATCH", "/config", { metadataLookupUrl: `http://localhost:${port}/lookup` });
    w.c.services.serviceConfig.invalidate();
    seen = [];
    const r = await w.c.call("GET", `/api/locations/${id}/metadata?ids=425073498`, { cookie: w.admin });
    expect(r.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.cookie).toBeUndefined();
    expect(seen[0]?.authorization).toBeUndefined();
  });
});
