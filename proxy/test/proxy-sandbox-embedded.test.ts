import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";

// The sandbox embedded in the console (SANDBOX=on, the default): Apple's paths answer as Apple
// does, its test controls are an admin's, and its request log never keeps a credential.
let c: ConsoleHarness;
let admin: string;

beforeAll(async () => {
  c = await startConsole();
  admin = await c.signIn();
});
afterAll(() => c.close());

describe("the embedded sandbox's test controls", () => {
  it("when no session, a viewer or a foreign origin calls a control, then it is refused and nothing changes", async () => {
    const tokensBefore = c.sandbox.state.tokens.size;
    const anonymous = await c.call("POST", "/sandbox/_sandbox/tokens", { body: {} });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "UNAUTHENTICATED"]);
    expect((await c.call("GET", "/sandbox/_sandbox/requests")).status).toBe(401);
    expect((await c.call("PATCH", "/sandbox/_sandbox/config", { body: { latencyMs: 5000 } })).status).toBe(
      401,
    );

    await c.call("POST", "/api/accounts", {
      cookie: admin,
      body: { username: "viewer1", password: "a long viewer password", role: "viewer" },
    });
    const viewer = await c.signIn("viewer1", "a long viewer password");
    expect((await c.call("POST", "/sandbox/_sandbox/tokens", { cookie: viewer, body: {} })).status).toBe(403);
    const foreign = await c.call("POST", "/sandbox/_sandbox/tokens", {
      cookie: admin,
      body: {},
      headers: { Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(c.sandbox.state.tokens.size).toBe(tokensBefore);
    expect(c.sandbox.state.config.latencyMs).toBe(0);

    const minted = await c.call("POST", "/sandbox/_sandbox/tokens", {
      cookie: admin,
      body: { data: "empty" },
    });
    expect(minted.status).toBe(201);
  });

  it("when Apple's paths are read, then they answer without a session, behind the console's security headers", async () => {
    const r = await c.call("GET", "/sandbox/mdm/v2/service/config");
    expect(r.status).toBe(200);
    expect(r.body.limits.maxRequestPerSecond).toBe(15);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("when the demo location is added and read, then the sandbox's request log holds no token", async () => {
    const demo = await c.call("POST", "/api/locations/sandbox", { cookie: admin });
    expect(demo.status).toBe(201);
    expect((await c.call("GET", `/api/locations/${demo.body.id}/vpp/assets`, { cookie: admin })).status).toBe(
      200,
    );
    const tokens = [...c.sandbox.state.tokens.keys()];
    const log = JSON.stringify((await c.call("GET", "/sandbox/_sandbox/requests", { cookie: admin })).body);
    expect(log).toContain("Bearer sha256:");
    for (const t of tokens) expect(log).not.toContain(t);
  });
});
