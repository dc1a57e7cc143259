import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startConsole, type ConsoleHarness } from "./console-harness.js";
import { freePort } from "./proxy-process.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

let apple: SandboxHarness;
beforeAll(async () => {
  apple = await startSandbox({ eventTasksPerSecond: 0 });
});
afterAll(() => apple.close());

const signInFrom = (
  c: ConsoleHarness,
  address: string,
  password = "wrong password",
  username = ADMIN.username,
) =>
  c.call("POST", "/api/session", {
    body: { username, password },
    headers: { "X-Forwarded-For": address, "X-Forwarded-Proto": "https" },
  });

async function lastSignInAddress(c: ConsoleHarness): Promise<string> {
  const entry = c.services.audit.list(1)[0];
  return (entry?.detail as { address?: string } | null)?.address ?? "";
}

describe("behind a reverse proxy", () => {
  let c: ConsoleHarness;
  beforeAll(async () => {
    c = await startConsole({
      VPP_BASE_URL: apple.base,
      PUBLIC_URL: "https://console.example.org",
      TRUST_PROXY: "loopback",
    });
  });
  afterAll(() => c.close());

  it("when the public address is https, then the session cookie is Secure and HSTS is sent", async () => {
    const r = await c.call("POST", "/api/session", { body: ADMIN });
    expect(r.status).toBe(204);
    expect(r.headers.get("set-cookie")).toMatch(/; Secure/);
    expect(r.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("when the proxy is trusted, then the sign-in limits and the audit see the client's address, not the proxy's", async () => {
    await signInFrom(c, "203.0.113.7");
    expect(await lastSignInAddress(c)).toBe("203.0.113.7");
    // 20 failures from one client address block that address, not every client behind the proxy.
    // (Other usernames each time: 5 failures of one username would block that username anywhere.)
    for (let i = 0; i < 20; i++) await signInFrom(c, "203.0.113.66", "wrong", `guess-${i}`);
    expect((await signInFrom(c, "203.0.113.66", ADMIN.password)).status).toBe(429);
    expect((await signInFrom(c, "203.0.113.8", ADMIN.password)).status).toBe(204);
  });

  it("when the store and Apple answer, then /api/ready says ready; /api/health answers without a session", async () => {
    expect((await c.call("GET", "/api/health")).body).toEqual({ status: "ok", sandbox: true });
    const r = await c.call("GET", "/api/ready");
    expect([r.status, r.body]).toEqual([200, { ready: true, store: "ok", apple: "ok" }]);
  });
});

describe("not behind a proxy", () => {
  it("when no proxy is trusted, then X-Forwarded-For is ignored and a plain-http console sends no HSTS", async () => {
    const c = await startConsole({ VPP_BASE_URL: apple.base });
    try {
      const r = await signInFrom(c, "203.0.113.9");
      expect(r.headers.get("strict-transport-security")).toBeNull();
      expect(await lastSignInAddress(c)).toBe("127.0.0.1");
      const ok = await c.call("POST", "/api/session", {
        body: ADMIN,
        headers: { "X-Forwarded-Proto": "https" },
      });
      expect(ok.headers.get("set-cookie")).not.toMatch(/Secure/);
    } finally {
      await c.close();
    }
  });

  it("when Apple cannot be reached, then /api/ready answers 503 and says which part is not ready", async () => {
    const c = await startConsole({ VPP_BASE_URL: `http://127.0.0.1:${await freePort()}/mdm/v2` });
    try {
      const r = await c.call("GET", "/api/ready");
      expect([r.status, r.body]).toEqual([
        503,
        { ready: false, store: "ok", apple: "Apple's service could not be reached" },
      ]);
    } finally {
      await c.close();
    }
  });
});
