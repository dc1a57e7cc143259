import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      VPP_BASE_URL: "https://vpp.itunes.apple.com/mdm/v2",
      SANDBOX: true,
      SANDBOX_PORT: 8090,
      STATUS_POLL_MS: 30_000,
    });
  });

  it("when a value is invalid, then one clear line names it", () => {
    const msg = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return e instanceof ConfigError ? e.message : "other";
      }
      return "none";
    };
    expect(msg({ PORT: "eighty" })).toMatch(/^Invalid configuration: PORT: .*\(got "eighty"\)$/);
    expect(msg({ SANDBOX: "maybe" })).toMatch(/^Invalid configuration: SANDBOX/);
    expect(msg({ SECRET_KEY: "short" })).toMatch(/SECRET_KEY must be 32 bytes/);
    expect(msg({ VPP_BASE_URL: "ftp://x" })).toMatch(/VPP_BASE_URL/);
    expect(msg({ ADMIN_PASSWORD: "abc" })).toMatch(/at least 12 characters/);
    expect(msg({ PORT: "eighty" }).split("\n")).toHaveLength(1);
    expect(msg({ LOG_LEVEL: "loud" })).toMatch(/^Invalid configuration: LOG_LEVEL: .*\(got "loud"\)$/);
    expect(msg({ TRUST_PROXY: "everyone" })).toMatch(/TRUST_PROXY is a number of proxies/);
    expect(msg({ TRUST_PROXY: "10.0.0.0/8/1" })).toMatch(/TRUST_PROXY/);
    expect(msg({ SMTP_URL: "smtp://user:hunter2secret@" })).not.toMatch(/hunter2secret/);
  });

  it("when TRUST_PROXY is a count or a list, then Express gets a number or the list", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8, ::1" }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
    ]);
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
  });

  it("when a secret is invalid, then it is named but its value never printed", () => {
    const key = "ab".repeat(31) + "zz";
    for (const [name, value] of [
      ["SECRET_KEY", key],
      ["ADMIN_PASSWORD", "hunter2"],
    ] as const) {
      let message = "";
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(name);
      expect(message).toContain("the value is not shown");
      expect(message).not.toContain(value);
    }
  });

  it("when session lifetimes are set, then they are read, and an idle time past the cap is refused", () => {
    expect(loadConfig({})).toMatchObject({ SESSION_IDLE_MINUTES: 720, SESSION_MAX_HOURS: 168 });
    expect(loadConfig({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_HOURS: "8" })).toMatchObject({
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 8,
    });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "600", SESSION_MAX_HOURS: "8" })).toThrow(
      /SESSION_IDLE_MINUTES is longer than SESSION_MAX_HOURS/,
    );
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "1" })).toThrow(/SESSION_IDLE_MINUTES.*got "1"/);
  });
});
