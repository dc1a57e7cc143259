import type { Request, Response } from "express";
import { describe, expect, it, vi } from "vitest";
import { readCookie, requireRole, sameOriginOnly } from "./middleware.js";

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
