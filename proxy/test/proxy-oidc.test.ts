import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { SESSION_COOKIE } from "../src/auth/middleware.js";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startOidcProvider } from "./oidc-provider.js";
import { freePort } from "./proxy-process.js";

/**
 * A browser's part in a sign-in: follows redirects between the console and the provider, keeps
 * each site's cookies, and fills the provider's sign-in and consent forms as `login`.
 */
function browser() {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: URL) => jars.get(url.host) ?? jars.set(url.host, new Map()).get(url.host)!;
  async function go(start: string, login: string): Promise<{ url: URL; status: number; body: string }> {
    let url = new URL(start);
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      const jar = jarOf(url);
      const res = await fetch(url, {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as object), Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const [name, ...value] = (pair ?? "").split("=");
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name!.trim());
        else jar.set(name!.trim(), value.join("="));
      }
      const body = await res.text();
      const location = res.headers.get("location");
      if (location && res.status >= 300 && res.status < 400) {
        const next = new URL(location, url);
        init = {};
        // The console's pages are the SPA's; once there, the sign-in is over.
        if (next.host === new URL(start).host && !next.pathname.startsWith("/api/"))
          return { url: next, status: res.status, body };
        url = next;
        continue;
      }
      const prompt = body.match(/name="prompt" value="(\w+)"/)?.[1];
      const action = body.match(/<form[^>]*action="([^"]+)"/)?.[1];
      if (res.status !== 200 || !prompt || !action) return { url, status: res.status, body };
      url = new URL(action.replace(/&amp;/g, "&"), url);
      const form = new URLSearchParams({ prompt, ...(prompt === "login" ? { login, password: "any" } : {}) });
      init = { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
    }
    throw new Error("too many redirects");
  }
  return {
    go,
    cookieFor: (site: string) => [...jarOf(new URL(site))].map(([k, v]) => `${k}=${v}`).join("; "),
  };
}

let c: ConsoleHarness;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({
    redirectUri: `${publicUrl}/api/oidc/callback`,
    people: {
      ada: { preferred_username: "ada", email: "ada@district.example", groups: ["staff", "vpp-admins"] },
      vic: { preferred_username: "vic", groups: ["vpp-viewers"] },
      out: { preferred_username: "out", groups: ["students"] },
      // Same username as the console's local admin: must get an account of its own.
      imp: { preferred_username: "admin", groups: ["vpp-viewers"] },
    },
  });
  c = await startConsole({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_SCOPES: "openid profile email groups",
    OIDC_ADMIN_GROUP: "vpp-admins",
    OIDC_VIEWER_GROUP: "vpp-viewers",
    OIDC_NAME: "District SSO",
  });
});
afterAll(async () => {
  await c.close();
  await idp.close();
});

async function signInAs(login: string, next = "/locations") {
  const b = browser();
  const end = await b.go(`${c.url}/api/oidc/start?next=${encodeURIComponent(next)}`, login);
  const cookie = b.cookieFor(c.url);
  const session = (await c.call("GET", "/api/session", { cookie })).body;
  return { end, cookie, session };
}

describe("single sign-on with OpenID Connect", () => {
  it("when a member of the admin group signs in at the provider, then they arrive where they were going, signed in as an admin", async () => {
    const { end, session, cookie } = await signInAs("ada", "/l/x/assets?q=keynote");
    expect(end.url.pathname + end.url.search).toBe("/l/x/assets?q=keynote");
    expect(session).toEqual({ signedIn: true, username: "ada", role: "admin" });
    expect((await c.call("GET", "/api/accounts", { cookie })).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: "ada", role: "admin", sso: true })]),
    );
    // The same person again: the same account, not a second one.
    await signInAs("ada");
    const named = (await c.call("GET", "/api/accounts", { cookie })).body.filter((a: { username: string }) =>
      a.username.startsWith("ada"),
    );
    expect(named).toHaveLength(1);
  });

  it("when a member of the viewer group signs in, then they can read and cannot change anything", async () => {
    const { session, cookie } = await signInAs("vic");
    expect(session).toMatchObject({ signedIn: true, username: "vic", role: "viewer" });
    expect((await c.call("GET", "/api/locations", { cookie })).status).toBe(200);
    expect((await c.call("POST", "/api/locations/sandbox", { cookie })).status).toBe(403);
  });

  it("when someone in neither group signs in, then they get no session and the sign-in page says why", async () => {
    const { end, session } = await signInAs("out");
    expect(end.url.pathname).toBe("/sign-in");
    expect(end.url.searchParams.get("sso")).toBe("no-access");
    expect(session).toMatchObject({ signedIn: false });
    const audit = (await c.call("GET", "/api/audit", { cookie: await c.signIn() })).body;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: "out", action: "session.sign-in", result: "refused" }),
      ]),
    );
  });

  it("when the provider's person has a local admin's username, then they get an account of their own, not the admin's", async () => {
    const { session } = await signInAs("imp");
    expect(session).toEqual({ signedIn: true, username: "admin-2", role: "viewer" });
  });

  it("when the callback comes without the browser's flow, or with a forged state, then nobody is signed in", async () => {
    const bare = await fetch(`${c.url}/api/oidc/callback?code=abc&state=xyz`, { redirect: "manual" });
    expect(bare.status).toBe(303);
    expect(bare.headers.get("location")).toBe("/sign-in?sso=expired");
    expect(bare.headers.getSetCookie().some((s) => s.startsWith(`${SESSION_COOKIE}=`))).toBe(false);

    // A real flow started, then a callback with another state: the state check refuses it.
    const start = await fetch(`${c.url}/api/oidc/start`, { redirect: "manual" });
    const flow = start.headers
      .getSetCookie()
      .find((s) => s.startsWith("vppc_oidc="))
      ?.split(";")[0];
    expect(flow).toBeDefined();
    expect(start.headers.getSetCookie().join()).toMatch(/SameSite=Lax/i);
    const forged = await fetch(`${c.url}/api/oidc/callback?code=abc&state=forged`, {
      redirect: "manual",
      headers: { Cookie: flow as string },
    });
    expect(forged.headers.get("location")).toBe("/sign-in?sso=failed");
    expect(c.logs.join("\n")).not.toContain(idp.clientSecret);
  });

  it("when a start asks to go back to another site, then it goes to the console's home instead", async () => {
    const { end } = await signInAs("ada", "//evil.example/steal");
    expect(end.url.href).toBe(`${c.url}/`);
  });

  it("when an admin switches an SSO account off, then the provider's word no longer lets it in", async () => {
    const admin = await c.signIn();
    const vic = (await c.call("GET", "/api/accounts", { cookie: admin })).body.find(
      (a: { username: string }) => a.username === "vic",
    );
    expect(
      (await c.call("PATCH", `/api/accounts/${vic.id}`, { cookie: admin, body: { disabled: true } })).status,
    ).toBe(200);
    const { end, session } = await signInAs("vic");
    expect(end.url.searchParams.get("sso")).toBe("disabled");
    expect(session).toMatchObject({ signedIn: false });
    // An SSO account has no password here: a reset is refused, it would open a second way in.
    const reset = await c.call("POST", `/api/accounts/${vic.id}/reset-password`, { cookie: admin });
    expect(reset.status).toBe(409);
    expect(reset.body.error.code).toBe("SSO_ACCOUNT");
  });

  it("when signed out, then the session check says which sign-ins this console offers", async () => {
    expect((await c.call("GET", "/api/session")).body).toEqual({
      signedIn: false,
      signIn: { local: true, sso: "District SSO" },
    });
  });
});

describe("local sign-in switched off", () => {
  it("when local sign-in is off, then a correct password is refused with where to sign in instead", async () => {
    const off = await startConsole({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_ADMIN_GROUP: "vpp-admins",
      OIDC_NAME: "District SSO",
      LOCAL_SIGN_IN: "off",
    });
    try {
      const r = await off.call("POST", "/api/session", {
        body: { username: "admin", password: "correct horse battery" },
      });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: "LOCAL_SIGN_IN_OFF" });
      expect(r.body.error.message).toContain("Sign in with District SSO");
      expect(r.headers.get("set-cookie")).toBeNull();
    } finally {
      await off.close();
    }
  });

  it("when single sign-on is half set up, then the console does not start, and the secret is not echoed", () => {
    const base = {
      OIDC_ISSUER: "https://idp.example",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s3cr3t-value",
    };
    expect(() => loadConfig(base)).toThrow(/OIDC_ADMIN_GROUP or OIDC_VIEWER_GROUP/);
    expect(() => loadConfig({ ...base, OIDC_CLIENT_SECRET: undefined, OIDC_ADMIN_GROUP: "a" })).toThrow(
      /needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
    );
    expect(() => loadConfig({ LOCAL_SIGN_IN: "off" })).toThrow(/nobody could sign in/);
    expect(() => loadConfig({ ...base, OIDC_ADMIN_GROUP: "a", OIDC_SCOPES: "profile" })).toThrow(
      /include openid/,
    );
    const tooLong = () =>
      loadConfig({ ...base, OIDC_CLIENT_SECRET: "x".repeat(5000), OIDC_ADMIN_GROUP: "a" });
    expect(tooLong).toThrow(/^Invalid configuration: OIDC_CLIENT_SECRET: .*\(the value is not shown\)$/);
  });
});
