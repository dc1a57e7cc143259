import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { eventually } from "./receivers.js";

// Every answer carries X-Request-Id; the request's log line carries the same id, and no header.
let c: ConsoleHarness;

beforeAll(async () => {
  c = await startConsole();
});
afterAll(() => c.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request log", () => {
  it("when a request is refused, then its X-Request-Id is in the answer and on its log line", async () => {
    const r = await c.call("GET", "/api/locations");
    expect(r.status).toBe(401);
    const id = r.headers.get("x-request-id") ?? "";
    expect(id).toMatch(UUID);
    // The line is written when the answer has finished, which may be just after the client has it.
    const line = await eventually(() => {
      const found = c.logs.map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.req?.id === id);
      expect(found).toBeDefined();
      return found;
    });
    expect(line).toMatchObject({ req: { method: "GET", path: "/api/locations" }, res: { statusCode: 401 } });
  });

  it("when requests carry a session cookie and a query, then the log holds neither the cookie nor the query", async () => {
    const cookie = await c.signIn();
    const r = await c.call("GET", "/api/locations?secret-looking=abc123", { cookie });
    const id = r.headers.get("x-request-id") ?? "";
    const other = await c.call("GET", "/api/locations");
    expect(other.headers.get("x-request-id")).not.toBe(id);
    await eventually(() => expect(c.logs.join("\n")).toContain(id));
    const text = c.logs.join("\n");
    expect(text).not.toContain(cookie.split("=")[1] as string);
    expect(text).not.toContain("abc123");
  });
});
