import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

const SECRET = "eyJ0b2tlbiI6InNlY3JldCJ9";

function logged(obj: object): Record<string, unknown> {
  const lines: string[] = [];
  createLogger("info", { write: (l: string) => void lines.push(l) }).info(obj, "message");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

describe("createLogger", () => {
  it("when a token, cToken or credential header is logged, then the line holds [redacted] instead", () => {
    const cases: object[] = [
      { token: SECRET },
      { cToken: SECRET },
      { location: { token: SECRET } },
      { upload: { cToken: SECRET } },
      { headers: { authorization: `Bearer ${SECRET}` } },
      { headers: { cookie: `vpp_session=${SECRET}` } },
      { req: { headers: { authorization: `Bearer ${SECRET}`, cookie: `a=${SECRET}` } } },
    ];
    for (const c of cases) {
      const line = JSON.stringify(logged(c));
      expect(line, JSON.stringify(c)).not.toContain(SECRET);
      expect(line).toContain("[redacted]");
    }
  });

  it("when the level is warn, then info lines are not written", () => {
    const lines: string[] = [];
    const log = createLogger("warn", { write: (l: string) => void lines.push(l) });
    log.info("quiet");
    log.warn("loud");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["loud"]);
  });
});
