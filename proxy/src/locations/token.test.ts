import { describe, expect, it } from "vitest";
import {
  expiryOf,
  parseAppleDate,
  parseContentToken,
  sandboxTokenMismatch,
  TokenInputError,
} from "./token.js";

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64");
const NOW = new Date("2026-11-22T12:00:00Z");

// Apple's documented example token (managing apps and books through web services).
const APPLE_EXAMPLE =
  "ewogICAgInRva2VuIjogIlZGZHdRbVZWTVZSUldGSktVbGRTTlZkc1pHcGpNR3hIVTI1Q2FrMXRhRzlhUjJ3eldqRkdkVk50ZUd0VFJrWjZVMVZhVDJGSFRuUlNiVGxOVVRCS1ExcEdhRTlOUjBaWVRrUXdQUT09IiwKICAgICJleHBEYXRlIjogIjIwMzAtMTEtMDhUMjI6MzM6MjIrMDAwMCIsCiAgICAib3JnTmFtZSI6ICJPUkcxMjM0NSIKfQ==";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof TokenInputError ? [e.code, e.message] : ["other", String(e)];
  }
  return ["none", ""];
};

describe("parseContentToken", () => {
  it("when Apple's example token is given, then its fields are decoded", () => {
    const t = parseContentToken(`${APPLE_EXAMPLE}\n`, NOW);
    expect(t).toMatchObject({ expDate: "2030-11-08T22:33:22+0000", orgName: "ORG12345" });
    expect(t.expiresAt.toISOString()).toBe("2030-11-08T22:33:22.000Z");
  });

  it("when the expiry has a +02:00 offset, then it is read correctly", () => {
    const t = parseContentToken(b64({ token: "x", expDate: "2030-12-31T13:57:19+02:00", orgName: "O" }), NOW);
    expect(t.expiresAt.toISOString()).toBe("2030-12-31T11:57:19.000Z");
  });

  it("when the input is wrong in each way, then each gets its own code and message", () => {
    expect(code(() => parseContentToken("not base64 at all!", NOW))[0]).toBe("TOKEN_NOT_BASE64");
    expect(code(() => parseContentToken(b64("hello world"), NOW))[0]).toBe("TOKEN_NOT_JSON");
    expect(code(() => parseContentToken(b64([1, 2]), NOW))[0]).toBe("TOKEN_NOT_JSON");
    expect(code(() => parseContentToken("", NOW))[0]).toBe("TOKEN_EMPTY");
    const missing = code(() => parseContentToken(b64({ token: "x", orgName: "O" }), NOW));
    expect(missing).toEqual(["TOKEN_FIELD_MISSING", expect.stringContaining('no "expDate" field')]);
    expect(code(() => parseContentToken(b64({ token: "x", expDate: "soon", orgName: "O" }), NOW))[0]).toBe(
      "TOKEN_BAD_DATE",
    );
    const expired = code(() =>
      parseContentToken(b64({ token: "x", expDate: "2020-12-31T13:57:19+02:00", orgName: "O" }), NOW),
    );
    expect(expired).toEqual(["TOKEN_EXPIRED", expect.stringContaining("expired on 31 December 2020")]);
    expect(code(() => parseContentToken("A".repeat(65 * 1024), NOW))[0]).toBe("TOKEN_TOO_LARGE");
  });

  it("when a refusal message is built, then it never contains the token text", () => {
    const secret = "SUPERSECRETTOKENVALUE";
    const [, msg] = code(() =>
      parseContentToken(b64({ token: secret, expDate: "2001-01-01T00:00:00Z", orgName: "O" }), NOW),
    );
    expect(msg).not.toContain(secret);
  });
});

describe("parseAppleDate", () => {
  it("when offsets are +0000, +02:00 or Z, then all parse; other text does not", () => {
    expect(parseAppleDate("2030-11-08T22:33:22+0000")?.toISOString()).toBe("2030-11-08T22:33:22.000Z");
    expect(parseAppleDate("2030-11-08T22:33:22Z")?.toISOString()).toBe("2030-11-08T22:33:22.000Z");
    expect(parseAppleDate("2030-11-08T22:33:22-05:30")?.toISOString()).toBe("2030-11-09T04:03:22.000Z");
    expect(parseAppleDate("08/11/2030")).toBeUndefined();
  });
});

describe("expiryOf", () => {
  it("when 31, 30, 15, 0.5 and -1 days remain, then states are ok, warning, critical, critical, expired", () => {
    const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
    expect(expiryOf(at(31), NOW)).toEqual({ daysToExpiry: 31, expiryState: "ok" });
    expect(expiryOf(at(30), NOW)).toEqual({ daysToExpiry: 30, expiryState: "warning" });
    expect(expiryOf(at(15), NOW)).toEqual({ daysToExpiry: 15, expiryState: "critical" });
    expect(expiryOf(at(0.5), NOW)).toEqual({ daysToExpiry: 0, expiryState: "critical" });
    expect(expiryOf(at(-1), NOW)).toEqual({ daysToExpiry: -1, expiryState: "expired" });
  });
});

describe("parseContentToken rules", () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");
  const ok = { token: "abc", expDate: "2099-01-01T00:00:00+0000", orgName: "Lincoln" };
  const code = (text: string, now?: Date) => {
    try {
      parseContentToken(text, now);
      return "accepted";
    } catch (e) {
      return (e as TokenInputError).code;
    }
  };

  it("when the text is exactly 64 KiB it is read; one byte more is refused as too large", () => {
    const token = b64(ok);
    expect(code(token.padEnd(64 * 1024, " "))).toBe("accepted");
    expect(code(token.padEnd(64 * 1024 + 1, " "))).toBe("TOKEN_TOO_LARGE");
  });

  it("when Base64 is wrapped over lines, it is read; a stray character or a length of 4n+1 is not Base64", () => {
    const token = b64(ok);
    expect(code(`${token.slice(0, 20)}\r\n${token.slice(20)}\n`)).toBe("accepted");
    expect(code(`${token}!`)).toBe("TOKEN_NOT_BASE64");
    expect(code(`!${token}`)).toBe("TOKEN_NOT_BASE64");
    expect(code("QUJD" + "Q")).toBe("TOKEN_NOT_BASE64");
    expect(code("   \n")).toBe("TOKEN_EMPTY");
  });

  it("when the JSON is not an object with non-blank token, expDate and orgName, then it names what is wrong", () => {
    expect(code(b64([ok]))).toBe("TOKEN_NOT_JSON");
    expect(code(b64(null))).toBe("TOKEN_NOT_JSON");
    expect(code(b64("text"))).toBe("TOKEN_NOT_JSON");
    expect(code(b64({ ...ok, orgName: "  " }))).toBe("TOKEN_FIELD_MISSING");
    expect(code(b64({ ...ok, token: 5 }))).toBe("TOKEN_FIELD_MISSING");
    expect(code(b64({ ...ok, expDate: "soon" }))).toBe("TOKEN_BAD_DATE");
  });

  it("when the token expires at this very instant, then it is already expired", () => {
    const at = new Date("2099-01-01T00:00:00Z");
    expect(code(b64(ok), new Date(at.getTime() - 1))).toBe("accepted");
    expect(code(b64(ok), at)).toBe("TOKEN_EXPIRED");
  });

  it("when the expiry is exactly now, then expiryOf says expired, 15 days critical, 30 warning", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
    expect(expiryOf(now, now).expiryState).toBe("expired");
    expect(expiryOf(inDays(15), now)).toEqual({ daysToExpiry: 15, expiryState: "critical" });
    expect(expiryOf(inDays(16), now).expiryState).toBe("warning");
    expect(expiryOf(inDays(30), now).expiryState).toBe("warning");
    expect(expiryOf(inDays(31), now).expiryState).toBe("ok");
  });
});

describe("sandbox tokens", () => {
  it("when a token made by a standalone sandbox meets another upstream, then the message names the sandbox and how to start", () => {
    const msg = sandboxTokenMismatch("http://127.0.0.1:8090/mdm/v2", "https://vpp.itunes.apple.com/mdm/v2");
    expect(msg).toContain("made by the vpp-console sandbox at http://127.0.0.1:8090/mdm/v2");
    expect(msg).toContain("VPP_BASE_URL=http://127.0.0.1:8090/mdm/v2");
  });
  it("when it meets its own sandbox (a trailing slash aside), or a token has no mark, then nothing is said", () => {
    expect(
      sandboxTokenMismatch("http://127.0.0.1:8090/mdm/v2/", "http://127.0.0.1:8090/mdm/v2"),
    ).toBeUndefined();
    expect(sandboxTokenMismatch(undefined, "https://vpp.itunes.apple.com/mdm/v2")).toBeUndefined();
  });
  it("when a token carries the mark, then it is decoded with it", () => {
    const t = b64({
      token: "x",
      expDate: "2030-01-01T00:00:00+0000",
      orgName: "O",
      sandboxUrl: "http://h:1/mdm/v2",
    });
    expect(parseContentToken(t, NOW).sandboxUrl).toBe("http://h:1/mdm/v2");
  });
});
