import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../src/webhooks/payloads.js";
import { KEYNOTE, serials, startJobWorld, type JobWorld } from "./job-harness.js";
import { until, startReceiver, type Received } from "./receivers.js";

let w: JobWorld;
beforeAll(async () => {
  w = await startJobWorld({ SYNC: "off", WEBHOOK_RETRY_MS: "60000", PUBLIC_URL: "auto" });
});
afterAll(() => w.close());

/** A signed webhook on a real receiver; `received` holds what reached it, parsed. */
async function hooked(events?: string[], answers: number[] = [], delayMs = 0) {
  const receiver = await startReceiver(answers, delayMs);
  const made = await w.c.call("POST", "/api/webhooks", {
    cookie: w.admin,
    body: {
      name: `events ${Math.random().toString(36).slice(2, 7)}`,
      url: receiver.url,
      ...(events && { events }),
    },
  });
  expect(made.status).toBe(201);
  const parsed = (r: Received) => ({
    ...JSON.parse(r.body),
    signed: verifySignature(made.body.secret, r.body, r.headers["x-vppc-signature"] as string),
  });
  return {
    id: made.body.id as string,
    receiver,
    /** The posts of `event` about `locationId`, once at least `n` have arrived. */
    async of(event: string, locationId: string, n = 1) {
      return until(() => {
        const got = receiver.received
          .map(parsed)
          .filter((p) => p.event === event && p.data?.locationId === locationId);
        return got.length >= n && got;
      });
    },
  };
}

describe("outbound events", () => {
  it("when a location is added, renewed and taken over by another MDM, then each posts its event, signed", async () => {
    const hook = await hooked();
    const { id, uId } = await w.newLocation();
    const [added] = await hook.of("location.added", id);
    expect(added).toMatchObject({ signed: true, url: `${w.c.url}/l/${id}`, data: { locationId: id } });

    const renewed = await w.c.call("POST", "/api/locations", {
      cookie: w.admin,
      body: (await w.apple.mint({ uId, data: "empty" })).cToken,
    });
    expect(renewed.status).toBe(200);
    expect((await hook.of("location.renewed", id))[0]).toMatchObject({ signed: true });

    await w.apple.control("POST", `/locations/${uId}/takeover`, {
      mdmInfo: { id: "other-mdm", name: "Other MDM", metadata: "" },
    });
    await w.c.call("GET", `/api/locations/${id}/vpp/client/config`, { cookie: w.admin });
    const [taken] = await hook.of("location.taken-over", id);
    expect(taken).toMatchObject({
      signed: true,
      data: { locationId: id, mdm: { id: "other-mdm", name: "Other MDM" } },
    });
    expect(taken.title).toMatch(/^Other MDM took .* over$/);
    // Apple keeps naming the other MDM: that is no new takeover.
    await w.c.call("GET", `/api/locations/${id}/vpp/client/config`, { cookie: w.admin });
    await new Promise((r) => setTimeout(r, 200));
    expect(await hook.of("location.taken-over", id)).toHaveLength(1);
    await hook.receiver.close();
  });

  it("when a job starts and ends, then a webhook that takes only job events gets both and nothing else", async () => {
    const hook = await hooked(["job.started", "job.finished"]);
    const { id } = await w.newLocation();
    const r = await w.submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      serialNumbers: serials("EVT", 3),
    });
    expect(r.status).toBe(202);
    await w.settled(r.body.id);
    const [started] = await hook.of("job.started", id);
    const [finished] = await hook.of("job.finished", id);
    // At the start Apple has confirmed nothing: what is planned, not what was done.
    expect(started).toMatchObject({ signed: true, data: { jobId: r.body.id, requests: 1, numCompleted: 0 } });
    expect(started.text).toMatch(/^1 request to Apple planned, asked for by admin\.$/);
    expect(finished).toMatchObject({
      data: { jobId: r.body.id, state: "complete", numCompleted: 3, failures: 0 },
    });
    expect(finished.url).toBe(`${w.c.url}/l/${id}/jobs/${r.body.id}`);
    expect(hook.receiver.received.map((p) => JSON.parse(p.body).event)).not.toContain("location.added");
    await hook.receiver.close();
  });

  it("when an event is queued while a slow receiver holds the sender, then it is sent right after, not at the next tick", async () => {
    const slow = await hooked(["location.added"], [], 400);
    const { id: first } = await w.newLocation();
    await until(() => slow.receiver.received.length === 1);
    // The first post is still being answered: this one is queued behind it.
    const { id: second } = await w.newLocation();
    const [late] = await slow.of("location.added", second);
    expect(late).toMatchObject({ signed: true });
    expect(slow.receiver.received.map((r) => JSON.parse(r.body).data.locationId)).toEqual([first, second]);
    await slow.receiver.close();
  });

  it("when an admin sends a test, then only that webhook gets it at once, and a refusal is answered with what went wrong", async () => {
    const good = await hooked(["job.finished"]);
    const refusing = await hooked(undefined, [500]);
    const sent = await w.c.call("POST", `/api/webhooks/${good.id}/test`, { cookie: w.admin });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      event: "webhook.test",
      status: "delivered",
      lastStatus: 200,
      attempts: 1,
    });
    const [test] = good.receiver.received.map((r) => JSON.parse(r.body));
    expect(test).toMatchObject({ event: "webhook.test", data: { webhookId: good.id, sentBy: "admin" } });
    expect(refusing.receiver.received).toHaveLength(0);

    const refused = await w.c.call("POST", `/api/webhooks/${refusing.id}/test`, { cookie: w.admin });
    expect(refused.body).toMatchObject({
      status: "pending",
      lastStatus: 500,
      lastError: "the receiver answered HTTP 500",
    });
    expect(Date.parse(refused.body.nextAt) - Date.now()).toBeGreaterThan(50_000);

    const account = await w.c.call("POST", "/api/accounts", {
      cookie: w.admin,
      body: { username: "hook-viewer", password: "a long viewer password", role: "viewer" },
    });
    expect(account.status).toBe(201);
    const viewer = await w.c.signIn("hook-viewer", "a long viewer password");
    expect((await w.c.call("POST", `/api/webhooks/${good.id}/test`, { cookie: viewer })).status).toBe(403);
    expect((await w.c.call("POST", "/api/webhooks/nope/test", { cookie: w.admin })).status).toBe(404);
    const audit = await w.c.call("GET", "/api/audit", { cookie: w.admin });
    expect(
      audit.body
        .filter((e: { action: string }) => e.action === "webhook.test")
        .map((e: { result: string }) => e.result),
    ).toEqual(["failed", "ok"]);
    await good.receiver.close();
    await refusing.receiver.close();
  });
});
