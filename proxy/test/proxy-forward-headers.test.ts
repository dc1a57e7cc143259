import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";

// A stand-in upstream that misbehaves in ways the real sandbox never would (it sets cookies), to
// isolate what the forwarder strips. Everything else is tested against the sandbox.
let upstream: http.Server;
let c: ConsoleHarness;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader("Set-Cookie", "tracking=1; Path=/");
    res.setHeader("Content-Type", "application/json");
    if (req.url?.startsWith("/mdm/v2/client/config"))
      return void res.end(
        JSON.stringify({
          uId: "777",
          locationName: "Fake",
          countryISO2ACode: "US",
          defaultPlatform: "volumestore",
          subscribedNotificationTypes: [],
          websiteURL: "https://school.apple.com",
        }),
      );
    if (req.url?.startsWith("/mdm/v2/service/config"))
      return void res.end(
        JSON.stringify({
          limits: { maxRequestPerSecond: 15 },
          urls: {},
          errorCodes: [],
          notificationTypes: [],
        }),
      );
    res.end(JSON.stringify({ assets: [], currentPageIndex: 0, size: 0, totalPages: 0, versionId: "v" }));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  c = await startConsole({
    VPP_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mdm/v2`,
  });
});
afterAll(async () => {
  await c.close();
  upstream.close();
});

describe("forwarded headers", () => {
  it("when the upstream sets a cookie and the browser sends cookies, then neither crosses the proxy", async () => {
    const admin = await c.signIn();
    const token = Buffer.from(
      JSON.stringify({ token: "abc", expDate: "2031-01-01T00:00:00+0000", orgName: "Org" }),
    ).toString("base64");
    const loc = await c.call("POST", "/api/locations", { cookie: admin, body: token });
    expect(loc.status).toBe(201);
    const r = await c.call("GET", `/api/locations/${loc.body.id}/vpp/assets`, {
      cookie: `${admin}; other=1`,
      headers: { Authorization: "Bearer browser", Referer: "http://x/" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toBeNull();
    const last = seen.at(-1);
    expect(last?.cookie).toBeUndefined();
    expect(last?.referer).toBeUndefined();
    expect(last?.authorization).toBe(`Bearer ${token}`);
  });
});
