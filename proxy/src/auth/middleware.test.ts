import type { Request, Response } from "express";
import { describe, expect, it, vi } from "vitest";
import type { ApiTokens } from "./api-tokens.js";
import {
  bearerOf,
  clearSessionCookie,
  readCookie,
  requireRole,
  requireSession,
  requireSignedInPerson,
  sameOriginOnly,
  sessionReader,
  setSessionCookie,
} from "./middleware.js";
import type { Sessions } from "./sessions.js";

/** Just enough of a request for the rules under test. */
const req = (method: string, headers: Record<string, string>): Request =>
  ({
    method,
    protocol: "https",
    get: (name: string) => headers[name.toLowerCase()],
  }) as unknown as Request;

const passes = (r: Request) => {
  const next = vi.fn();
  try {
    sameOriginOnly(r, {} as Response, next);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return next.mock.calls.length === 1 ? "passed" : "stopped";
};

describe("sameOriginOnly", () => {
  const host = { host: "console.school.example" };
  it("when a change comes from this origin (or with no Origin), then it passes", () => {
    expect(passes(req("POST", { ...host, origin: "https://console.school.example" }))).toBe("passed");
    expect(passes(req("POST", { ...host, "sec-fetch-site": "same-origin" }))).toBe("passed");
    expect(passes(req("DELETE", host))).toBe("passed");
  });

  it("when a change comes from another origin, another site or a sibling site, then it is refused", () => {
    expect(passes(req("POST", { ...host, origin: "https://evil.example" }))).toBe("FOREIGN_ORIGIN");
    expect(passes(req("POST", { ...host, origin: "http://console.school.example" }))).toBe("FOREIGN_ORIGIN");
    expect(passes(req("PATCH", { ...host, "sec-fetch-site": "cross-site" }))).toBe("FOREIGN_ORIGIN");
    expect(passes(req("PUT", { ...host, "sec-fetch-site": "same-site" }))).toBe("FOREIGN_ORIGIN");
  });

  it("when the request only reads, then the origin does not matter", () => {
    for (const m of ["GET", "HEAD", "OPTIONS"])
      expect(
        passes(req(m, { ...host, origin: "https://evil.example", "sec-fetch-site": "cross-site" })),
      ).toBe("passed");
  });
});

describe("readCookie", () => {
  it("when cookies are listed, then the named one is read exactly, decoded; others and look-alikes are not", () => {
    const r = req("GET", { cookie: "a=1; vpp_session=abc%3D; xvpp_session=evil; =odd" });
    expect(readCookie(r, "vpp_session")).toBe("abc=");
    expect(readCookie(r, "a")).toBe("1");
    expect(readCookie(r, "session")).toBeUndefined();
    expect(readCookie(req("GET", { cookie: "vpp_session" }), "vpp_session")).toBeUndefined();
    expect(readCookie(req("GET", {}), "vpp_session")).toBeUndefined();
  });
});

describe("requireRole", () => {
  const res = (role?: "admin" | "viewer") =>
    ({ locals: role ? { account: { id: 1, username: "u", role } } : {} }) as unknown as Response;
  const outcome = (role: "admin" | "viewer" | undefined) => {
    const next = vi.fn();
    try {
      requireRole("admin")({} as Request, res(role), next);
    } catch (e) {
      return (e as { status: number }).status;
    }
    return next.mock.calls.length;
  };
  it("when an admin, a viewer or nobody asks for an admin's action, then 1 pass, 403, 401", () => {
    expect([outcome("admin"), outcome("viewer"), outcome(undefined)]).toEqual([1, 403, 401]);
  });
});

/** The error a handler throws (its status and code), or "next" when it passed the request on. */
function run(handler: (next: () => void) => void): string {
  let passed = false;
  try {
    handler(() => (passed = true));
  } catch (e) {
    const err = e as { status: number; code: string };
    return `${err.status} ${err.code}`;
  }
  return passed ? "next" : "stopped";
}

describe("the session cookie", () => {
  const cookieOf = (secure: boolean, secureCookies: unknown) => {
    const res = { cookie: vi.fn() } as unknown as Response;
    const r = { secure, app: { get: (k: string) => (k === "secure cookies" ? secureCookies : undefined) } };
    setSessionCookie(r as unknown as Request, res, { id: "the-id", expiresAt: 1_900_000_000_000 });
    return (res.cookie as ReturnType<typeof vi.fn>).mock.calls[0];
  };

  it("when a session is handed out over plain http with no https public address, then HttpOnly, Strict, whole site, expiring with it, not Secure", () => {
    expect(cookieOf(false, undefined)).toEqual([
      "vpp_session",
      "the-id",
      { httpOnly: true, sameSite: "strict", secure: false, path: "/", expires: new Date(1_900_000_000_000) },
    ]);
  });

  it("when the request came over TLS, or the public address is https (TLS ends at a proxy), then Secure", () => {
    expect(cookieOf(true, undefined)?.[2]).toMatchObject({ secure: true });
    expect(cookieOf(false, true)?.[2]).toMatchObject({ secure: true });
    expect(cookieOf(false, "yes")?.[2]).toMatchObject({ secure: false }); // only the setting true
  });

  it("when signing out, then the same cookie is cleared with the same attributes", () => {
    const res = { clearCookie: vi.fn() } as unknown as Response;
    clearSessionCookie(res);
    expect((res.clearCookie as ReturnType<typeof vi.fn>).mock.calls).toEqual([
      ["vpp_session", { path: "/", httpOnly: true, sameSite: "strict" }],
    ]);
  });
});

describe("bearerOf", () => {
  const of = (authorization?: string) => bearerOf(req("GET", authorization ? { authorization } : {}));
  it("when the Authorization header carries one of our tokens, then it is read, whatever the case and spacing", () => {
    expect(of("Bearer vppc_abc-DEF_1")).toBe("vppc_abc-DEF_1");
    expect(of("bearer \t  vppc_x")).toBe("vppc_x");
  });
  it("when it carries anything else, then it is not ours and nothing is read", () => {
    for (const other of [
      undefined,
      "Basic dXNlcjpwYXNz",
      "Bearer eyJhbGciOi",
      "Bearervppc_abc",
      "xBearer vppc_abc",
      "Bearer vppc_abc extra",
      "Bearer vppc_a b",
      "Bearer  prefix vppc_abc",
    ])
      expect(of(other)).toBeUndefined();
  });
});

describe("sessionReader", () => {
  const pat = { id: 7, username: "pat", role: "admin" as const };
  const sessions = { resolve: vi.fn((id: string) => (id === "good" ? pat : undefined)) };
  const tokens = {
    resolve: vi.fn((t: string) =>
      t === "vppc_ok" ? { ...pat, role: "viewer", tokenId: 3, tokenName: "nightly" } : undefined,
    ),
  };
  const read = (headers: Record<string, string>, withTokens = true) => {
    const res = { locals: {} as Record<string, unknown> } as Response;
    const outcome = run((next) =>
      sessionReader(
        sessions as unknown as Sessions,
        withTokens ? (tokens as unknown as ApiTokens) : undefined,
      )(req("GET", headers), res, next),
    );
    return { outcome, locals: res.locals };
  };

  it("when a valid token is presented, then its account (token fields apart) is the request's, and the cookie is not read", () => {
    sessions.resolve.mockClear();
    const r = read({ authorization: "Bearer vppc_ok", cookie: "vpp_session=good" });
    expect(r).toEqual({
      outcome: "next",
      locals: { account: { id: 7, username: "pat", role: "viewer" }, apiToken: { id: 3, name: "nightly" } },
    });
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it("when an unknown token is presented, then 401 even with a good session cookie", () => {
    expect(read({ authorization: "Bearer vppc_revoked", cookie: "vpp_session=good" }).outcome).toBe(
      "401 INVALID_API_TOKEN",
    );
  });

  it("when there is a session cookie (and no token of ours), then it decides", () => {
    expect(read({ cookie: "vpp_session=good" })).toEqual({
      outcome: "next",
      locals: { account: pat, sessionId: "good" },
    });
    expect(read({ cookie: "vpp_session=stale", authorization: "Basic eA==" })).toEqual({
      outcome: "next",
      locals: {},
    });
    // Where tokens are not taken (the sandbox), a Bearer is just ignored.
    expect(read({ authorization: "Bearer vppc_ok", cookie: "vpp_session=good" }, false).locals).toEqual({
      account: pat,
      sessionId: "good",
    });
  });
});

describe("requireSession and requireSignedInPerson", () => {
  const res = (locals: Record<string, unknown>) => ({ locals }) as unknown as Response;
  const person = { account: { id: 1, username: "u", role: "viewer" } };
  const at = (path: string, locals: Record<string, unknown>) =>
    run((next) => requireSession({ path } as Request, res(locals), next));

  it("when nobody is signed in, then only health and the session check answer", () => {
    expect([
      at("/health", {}),
      at("/session", {}),
      at("/locations", {}),
      at("/session/password", {}),
    ]).toEqual(["next", "next", "401 UNAUTHENTICATED", "401 UNAUTHENTICATED"]);
    expect(at("/locations", person)).toBe("next");
  });

  it("when a route needs a person, then a token is refused and nobody gets 401", () => {
    const needs = (locals: Record<string, unknown>) =>
      run((next) => requireSignedInPerson({} as Request, res(locals), next));
    expect([needs(person), needs({ ...person, apiToken: { id: 1, name: "t" } }), needs({})]).toEqual([
      "next",
      "403 SESSION_ONLY",
      "401 UNAUTHENTICATED",
    ]);
  });
});
