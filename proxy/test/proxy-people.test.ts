import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOK, KEYNOTE, startJobWorld, type JobWorld } from "./job-harness.js";

// People, not UUIDs: rosters, registration jobs chunked by Apple's maxUsers, names in every read,
// retirement with the licences taken back — against "Apple" (a standalone sandbox) over HTTP.
let w: JobWorld;
const call = (method: string, p: string, body?: unknown) => w.c.call(method, p, { cookie: w.admin, body });

beforeAll(async () => {
  w = await startJobWorld({ SYNC: "on", SYNC_INTERVAL_MS: "3600000" });
});
afterAll(() => w.close());

async function emptyLocation() {
  const loc = await w.newLocation({ data: "empty" });
  await w.c.services.sync.settled(loc.id);
  return loc;
}

const roster = (n: number, from = 0) =>
  [
    "First name,Last name,Email,Class",
    ...Array.from(
      { length: n },
      (_, i) => `Pupil,Number ${from + i},pupil${from + i}@school.example,Year ${(from + i) % 3}`,
    ),
  ].join("\n");

/** Preview a roster, then register everyone it found; resolves with the finished job. */
async function register(id: string, csv: string) {
  const preview = await call("POST", `/api/locations/${id}/people/roster`, csv);
  expect(preview.status).toBe(200);
  const r = await call("POST", `/api/locations/${id}/people`, { people: preview.body.people.map(strip) });
  expect(r.body.error).toBeUndefined();
  expect(r.status).toBe(202);
  return { preview: preview.body, job: await w.settled(r.body.job.id) };
}
const strip = ({ line: _l, idFrom: _i, apple: _a, ...p }: any) => p;

describe("registering a roster", () => {
  it("2,500 people go to Apple in ⌈2,500 / maxUsers⌉ requests, all registered, and are shown by name", async () => {
    const { id, uId } = await emptyLocation();
    const { preview, job } = await register(id, roster(2500));
    expect(preview.people).toHaveLength(2500);
    expect(preview.problems).toEqual([]);
    expect(preview.columns).toMatchObject({ email: "Email", firstName: "First name", groups: "Class" });
    expect(job.state).toBe("complete");
    const maxUsers = w.apple.state.config.limits.maxUsers as number;
    expect(w.requests(uId, "/users/create")).toHaveLength(Math.ceil(2500 / maxUsers));
    expect(job.numCompleted).toBe(2500);
    // Apple has each of them once, active.
    expect(w.apple.state.locations.get(uId)?.activeUsers.size).toBe(2500);
    await w.c.services.sync.settled(id);
    const found = await call("GET", `/api/locations/${id}/users?q=Number%202499`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      name: "Pupil Number 2499",
      email: "pupil2499@school.example",
      status: "Registered",
    });
    expect(found.body.items[0].groups).toEqual(["Year 0"]);
    const total = await call("GET", `/api/locations/${id}/users?limit=1`);
    expect(total.body.total).toBe(2500);
    // A second import of the same roster sends nothing: the ids are stable and all are registered.
    const again = await call("POST", `/api/locations/${id}/people/roster`, roster(2500));
    expect(again.body.toRegister).toBe(0);
    expect(new Set(again.body.people.map((p: any) => p.clientUserId))).toEqual(
      new Set(preview.people.map((p: any) => p.clientUserId)),
    );
  });

  it("a visibly malformed e-mail is refused before sending; one Apple refuses is reported for that person only", async () => {
    const { id, uId } = await emptyLocation();
    const csv = [
      "email,name",
      "ok@school.example,Ok",
      "not an email,Bad",
      "ok@school.example,Twice",
      ",Nobody",
    ].join("\n");
    const preview = await call("POST", `/api/locations/${id}/people/roster`, csv);
    expect(preview.body.problems).toEqual([
      { line: 3, message: "not an email: contains spaces" },
      { line: 4, message: "ok@school.example is already on line 2" },
      { line: 5, message: "no e-mail and no clientUserId" },
    ]);
    const refused = await call("POST", `/api/locations/${id}/people`, {
      people: [{ clientUserId: "u-1", email: "two@@school.example" }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("INVALID_EMAIL");
    expect(w.requests(uId, "/users/create")).toHaveLength(0);
    expect((await call("GET", `/api/locations/${id}/people/u-1`)).status).toBe(404);

    // "ann@school" has no domain dot: Apple refuses the request (9717) naming her; the rest go again.
    const r = await call("POST", `/api/locations/${id}/people`, {
      people: [
        { clientUserId: "u-ann", email: "ann@school", name: "Ann" },
        { clientUserId: "u-bob", email: "bob@school.example", name: "Bob" },
      ],
    });
    const job = await w.settled(r.body.job.id);
    expect(job.state).toBe("failed");
    expect(job.failures).toEqual([expect.objectContaining({ clientUserId: "u-ann", errorNumber: 9717 })]);
    expect(w.requests(uId, "/users/create")).toHaveLength(2);
    const results = await w.csv(job.id);
    expect(results.map((x) => [x.clientUserId, x.result])).toEqual([
      ["u-ann", "failed"],
      ["u-bob", "done"],
    ]);
  });
});

describe("an answer lost on the way back", () => {
  it("when the answer to a registration is cut mid-JSON, then Apple's users are checked and nobody is sent twice", async () => {
    const { id, uId } = await emptyLocation();
    await w.fault(uId, "/users/create", { answer: "truncated" });
    const people = ["l-1", "l-2", "l-3"].map((clientUserId) => ({
      clientUserId,
      email: `${clientUserId}@school.example`,
    }));
    const r = await call("POST", `/api/locations/${id}/people`, { people });
    const job = await w.settled(r.body.job.id);
    expect(job).toMatchObject({ state: "complete", numCompleted: 3, failures: [] });
    expect(job.chunks.map((c) => c.confirmation)).toEqual(["reconciled"]);
    const [create] = w.requests(uId, "/users/create");
    expect(w.requests(uId, "/users/create")).toHaveLength(1);
    // One read of the location's users (a single page) settles all three (the copy's own reads aside:
    // its import came before, its delta after, with sinceVersionId).
    const checks = w
      .requests(uId, "/users")
      .filter((e) => e.at >= (create?.at ?? 0) && !e.query.includes("sinceVersionId"));
    expect(checks).toHaveLength(1);
  });
});

describe("retiring", () => {
  it("retire with revoke: their revocable licences are taken back first, then they are retired; books stay", async () => {
    const { id, uId } = await emptyLocation();
    const people = ["r-1", "r-2", "r-3"].map((clientUserId) => ({
      clientUserId,
      email: `${clientUserId}@school.example`,
    }));
    const reg = await call("POST", `/api/locations/${id}/people`, { people });
    expect((await w.settled(reg.body.job.id)).state).toBe("complete");
    const ids = people.map((p) => p.clientUserId);
    for (const adamId of [KEYNOTE, BOOK]) {
      const a = await w.submit(id, {
        type: "associate",
        assets: [{ adamId }],
        clientUserIds: ids,
        force: true,
      });
      expect((await w.settled(a.body.id)).state).toBe("complete");
    }
    // The reviews say what a job would take back, per app, from the copy (books are not revocable).
    const plan = (body: object) => call("POST", `/api/locations/${id}/jobs/plan`, body);
    const revokePlan = await plan({ type: "revoke", clientUserIds: ids });
    expect(revokePlan.body.takeBack.perAsset).toEqual([{ adamId: KEYNOTE, pricingParam: "STDQ", held: 3 }]);
    const unassignPlan = await plan({
      type: "disassociate",
      assets: [{ adamId: KEYNOTE }],
      clientUserIds: ids.slice(1),
    });
    expect(unassignPlan.body.takeBack.perAsset).toEqual([{ adamId: KEYNOTE, pricingParam: "STDQ", held: 2 }]);
    const retire = await call("POST", `/api/locations/${id}/people/retire`, {
      clientUserIds: ids,
      revokeLicences: true,
    });
    expect(retire.status).toBe(202);
    expect(retire.body.request.after).toBeTruthy();
    const revoke = await w.settled(retire.body.request.after);
    expect(revoke.type).toBe("revoke");
    const done = await w.settled(retire.body.id);
    expect(done.state).toBe("complete");
    const paths = w.requests(uId).map((e) => e.path);
    expect(paths.lastIndexOf("/assets/revoke")).toBeLessThan(paths.indexOf("/users/retire"));
    const held = (await w.holds(uId)).filter((h) => ids.includes(h.clientUserId ?? ""));
    expect(held.map((h) => h.adamId)).toEqual([BOOK, BOOK, BOOK]);
  });

  it("viewers cannot register or retire", async () => {
    const { id } = await emptyLocation();
    await w.c.call("POST", "/api/accounts", {
      cookie: w.admin,
      body: { username: "peopleviewer", password: "viewer password 1", role: "viewer" },
    });
    const viewer = await w.c.signIn("peopleviewer", "viewer password 1");
    const r = await w.c.call("POST", `/api/locations/${id}/people/retire`, {
      cookie: viewer,
      body: { clientUserIds: ["x"], revokeLicences: true },
    });
    expect(r.status).toBe(403);
    const g = await w.c.call("GET", `/api/locations/${id}/people/groups`, { cookie: viewer });
    expect(g.status).toBe(200);
  });
});

describe("updating", () => {
  it("a new e-mail goes to Apple as an update job; the directory takes it once Apple confirms; exports carry names", async () => {
    const { id, token } = await emptyLocation();
    const reg = await call("POST", `/api/locations/${id}/people`, {
      people: [{ clientUserId: "p-1", email: "old@school.example", name: "Pat Doe" }],
    });
    expect((await w.settled(reg.body.job.id)).state).toBe("complete");
    const bad = await w.submit(id, { type: "update-users", users: [{ clientUserId: "p-1" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("NOTHING_TO_UPDATE");
    const r = await w.submit(id, {
      type: "update-users",
      users: [{ clientUserId: "p-1", email: "new@school.example" }],
    });
    expect(r.status).toBe(202);
    expect((await w.settled(r.body.id)).state).toBe("complete");
    const apple = await w.apple.get("/users?clientUserId=p-1", token);
    expect(apple.body.users[0].email).toBe("new@school.example");
    expect((await call("GET", `/api/locations/${id}/people/p-1`)).body.person.email).toBe(
      "new@school.example",
    );
    const a = await w.submit(id, {
      type: "associate",
      assets: [{ adamId: KEYNOTE }],
      clientUserIds: ["p-1"],
    });
    expect((await w.settled(a.body.id)).state).toBe("complete");
    await w.c.services.sync.settled(id);
    for (const source of ["", "?source=apple"]) {
      const file = await call("GET", `/api/locations/${id}/export/assignments.csv${source}`);
      const rows = parse(file.text, { bom: true, columns: true, relax_column_count: true }) as Record<
        string,
        string
      >[];
      expect(rows[0]).toMatchObject({ clientUserId: "p-1", personName: "Pat Doe" });
    }
  });
});

describe("groups and invitations", () => {
  it("groups count their people; pending invitations carry Apple's link; an accepted one leaves the list", async () => {
    const { id, uId } = await emptyLocation();
    const csv = [
      "email,name,group",
      "a@s.example,Ada,7A;Choir",
      "b@s.example,Ben,7A",
      "c@s.example,Cy,7B",
    ].join("\n");
    const { job } = await register(id, csv);
    expect(job.state).toBe("complete");
    expect((await call("GET", `/api/locations/${id}/people/groups`)).body.items).toEqual([
      { group: "7A", people: 2 },
      { group: "7B", people: 1 },
      { group: "Choir", people: 1 },
    ]);
    expect((await call("GET", `/api/locations/${id}/people/groups/7a`)).body.clientUserIds).toHaveLength(2);
    await w.c.services.sync.settled(id);
    const file = await call("GET", `/api/locations/${id}/people/invitations.csv`);
    const rows = parse(file.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name)).toEqual(["Ada", "Ben", "Cy"]);
    const ada = rows[0] as Record<string, string>;
    expect(ada.invitationLink).toMatch(/inviteCode=[0-9a-f]{32}/);
    expect((await fetch(ada.invitationLink as string)).status).toBe(200);
    await call("POST", `/api/locations/${id}/sync`, {});
    await w.c.services.sync.settled(id);
    const after = parse((await call("GET", `/api/locations/${id}/people/invitations.csv`)).text, {
      bom: true,
      columns: true,
    });
    expect(after.map((r: any) => r.name)).toEqual(["Ben", "Cy"]);
    const person = await call(
      "GET",
      `/api/locations/${id}/people/${encodeURIComponent(ada.clientUserId as string)}`,
    );
    expect(person.body).toMatchObject({
      person: { name: "Ada", groups: ["7A", "Choir"] },
      apple: { status: "Associated" },
    });
    expect(w.requests(uId, "/users/create")).toHaveLength(1);
  });
});
