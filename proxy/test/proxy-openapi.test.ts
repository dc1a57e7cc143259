import { Validator } from "@seriousme/openapi-schema-validator";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { coverage } from "../src/openapi/coverage.js";
import { DOCS_DIR, generatedDocs } from "../src/openapi/write-docs.js";
import { routesOf } from "../src/openapi/routes-of.js";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { openApiDocument } from "../src/openapi/document.js";
import { trafficProblems } from "./openapi-traffic.js";

let c: ConsoleHarness;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(() => c.close());

describe("the OpenAPI document", () => {
  it("when fetched without a session, then it is a valid OpenAPI 3.1 document", async () => {
    const r = await c.call("GET", "/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const result = await new Validator().validate(r.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("when compared with the routes the app registers, then each route is described and each operation is served", async () => {
    const doc = (await c.call("GET", "/api/openapi.json")).body;
    const routes = routesOf(c.api, "/api");
    expect(routes.length).toBeGreaterThan(80);
    expect(coverage(routes, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  it("when the docs are read, then docs/openapi.json and docs/api-reference.md are the current document", () => {
    for (const [name, text] of Object.entries(generatedDocs()))
      expect(
        fs.readFileSync(path.join(DOCS_DIR, name), "utf8"),
        `${name}: run pnpm --filter @vpp/proxy openapi`,
      ).toBe(text);
  });

  it("when a route is added without a description, then the check names it", async () => {
    const doc = (await c.call("GET", "/api/openapi.json")).body;
    const extra = express.Router();
    extra.use(c.api);
    extra.get("/locations/:id/secret-new-thing", () => undefined);
    expect(coverage(routesOf(extra, "/api"), doc).undocumented).toEqual([
      "GET /api/locations/:id/secret-new-thing",
    ]);
    const { paths, ...rest } = doc;
    const { ["/api/audit"]: _audit, ...others } = paths;
    expect(coverage(routesOf(c.api, "/api"), { ...rest, paths: others }).undocumented).toEqual([
      "GET /api/audit",
    ]);
  });

  it("when a body the document's schema refuses was accepted, then the traffic check says so", () => {
    const doc = openApiDocument();
    const ok = {
      method: "POST",
      url: "/api/tokens",
      body: { name: "x", role: "viewer", expiresInDays: 5 },
      status: 201,
    };
    expect(trafficProblems(doc, [ok])).toEqual([]);
    const bad = { ...ok, body: { name: "x", role: "owner", expiresInDays: 5 } };
    expect(trafficProblems(doc, [{ ...bad, status: 400 }])).toEqual([]);
    expect(trafficProblems(doc, [bad])[0]).toMatch(
      /POST \/api\/tokens → 201: accepted, but the document's schema refuses it/,
    );
    expect(
      trafficProblems(doc, [{ method: "GET", url: "/api/nowhere", body: undefined, status: 200 }])[0],
    ).toMatch(/not in the OpenAPI document/);
  });
});
