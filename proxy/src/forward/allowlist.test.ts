import { describe, expect, it } from "vitest";
import { allowedPath } from "./allowlist.js";

const P = /^\/api\/locations\/[^/]+\/vpp\//;
const at = (p: string) => allowedPath(`/api/locations/abc/vpp/${p}`, P);

describe("allowedPath", () => {
  it("when an allowlisted endpoint is asked for, then it is returned without the query", () => {
    expect(at("assets?pageIndex=2")).toBe("assets");
    expect(at("service/config")).toBe("service/config");
    expect(at("status?eventId=1")).toBe("status");
  });

  it("when a path trick or another endpoint is asked for, then nothing is allowed", () => {
    for (const trick of [
      "assets/associate",
      "../assets",
      "assets/../assets/revoke",
      "assets%2Fassociate",
      "%61ssets",
      "users/create",
      "//evil.example/assets",
      "http://evil.example/assets",
      "assets/",
      "Assets",
      "client/config/",
      "assets;x",
      "",
    ]) {
      expect(at(trick), trick).toBeUndefined();
    }
  });
});
