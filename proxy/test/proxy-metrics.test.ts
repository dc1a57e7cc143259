import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serials, startJobWorld, type JobWorld } from "./job-harness.js";

let w: JobWorld;
beforeAll(async () => {
  w = await startJobWorld({ SYNC: "on" });
});
afterAll(() => w.close());

/** One sample of the Prometheus text, by its name and labels as written: 0 when absent. */
async function sample(line: string, cookie = w.admin): Promise<number> {
  const text = (await w.c.call("GET", "/api/metrics", { cookie })).text;
  const hit = text.split("\n").find((l) => l.startsWith(`${line} `));
  return hit ? Number(hit.slice(line.length + 1)) : 0;
}

describe("metrics for Prometheus", () => {
  it("when a job runs, then requests to Apple are counted by endpoint and status, as Apple saw them", async () => {
    const { id, uId } = await w.newLocation();
    await w.c.services.sync.settled(id);
    const line = 'vppc_apple_requests_total{endpoint="assets/associate",status="200"}';
    const before = await sample(line);
    const jobsBefore = await sample('vppc_job_duration_seconds_count{type="associate",state="complete"}');
    const r = await w.assign(id, serials("MET", 30));
    expect((await w.settled(r.body.id)).state).toBe("complete");
    const sent = w.requests(uId, "/assets/associate").length;
    expect(sent).toBeGreaterThan(0);
    expect((await sample(line)) - before).toBe(sent);
    expect(
      (await sample('vppc_job_duration_seconds_count{type="associate",state="complete"}')) - jobsBefore,
    ).toBe(1);
    expect(await sample('vppc_jobs{state="queued"}')).toBe(0);
    const text = (await w.c.call("GET", "/api/metrics", { cookie: w.admin })).text;
    expect(text).toMatch(new RegExp(`vppc_sync_lag_seconds\\{location_id="${id}",location="[^"]+"\\} \\d`));
    expect(text).toContain("vppc_apple_request_duration_seconds_bucket");
    expect(text).not.toContain("Bearer");
  });

  it("when Apple asks to wait, then the hold is counted", async () => {
    const { id, uId } = await w.newLocation();
    await w.c.services.sync.settled(id);
    const before = await sample("vppc_apple_holds_total");
    await w.fault(uId, "/assets", { status: 503, retryAfter: 1, method: "GET" });
    const r = await w.c.call("GET", `/api/locations/${id}/vpp/assets`, { cookie: w.admin });
    expect(r.status).toBe(503);
    expect((await sample("vppc_apple_holds_total")) - before).toBe(1);
    expect(await sample('vppc_apple_requests_total{endpoint="assets",status="503"}')).toBeGreaterThanOrEqual(
      1,
    );
  });

  it("when a viewer or nobody asks, then the metrics are refused; an admin API token reads them", async () => {
    expect((await w.c.call("GET", "/api/metrics")).status).toBe(401);
    await w.c.call("POST", "/api/accounts", {
      cookie: w.admin,
      body: { username: "metrics-viewer", password: "a long viewer password", role: "viewer" },
    });
    const viewer = await w.c.signIn("metrics-viewer", "a long viewer password");
    expect((await w.c.call("GET", "/api/metrics", { cookie: viewer })).status).toBe(403);
    const token = (
      await w.c.call("POST", "/api/tokens", {
        cookie: w.admin,
        body: { name: "prometheus", role: "admin", expiresInDays: 30 },
      })
    ).body.token as string;
    const scraped = await w.c.call("GET", "/api/metrics", { headers: { Authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(scraped.text).toContain("# TYPE vppc_apple_requests_total counter");
  });
});
