import { expect } from "vitest";
import type { ConsoleHarness } from "./console-harness.js";
import type { SandboxHarness } from "./sandbox-harness.js";

type Call = (method: string, p: string) => Promise<{ status: number; body: any }>;

/** Every licence in the console's copy, as "adamId:pricingParam|kind|target", sorted. */
export async function copyPairs(call: Call, id: string, filter = ""): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await call(
      "GET",
      `/api/locations/${id}/assignments?limit=1000${filter}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(r.status).toBe(200);
    for (const a of r.body.items)
      out.push(
        `${a.adamId}:${a.pricingParam}|${a.serialNumber ? `device|${a.serialNumber}` : `user|${a.clientUserId}`}`,
      );
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out.sort();
}

/** Every licence at "Apple" (the sandbox's own record), in the same form. */
export async function applePairs(apple: SandboxHarness, uId: string): Promise<string[]> {
  const r = await apple.control("GET", `/locations/${uId}/holds`);
  return (r.body as { adamId: string; pricingParam: string; serialNumber?: string; clientUserId?: string }[])
    .map(
      (a) =>
        `${a.adamId}:${a.pricingParam}|${a.serialNumber ? `device|${a.serialNumber}` : `user|${a.clientUserId}`}`,
    )
    .sort();
}

/** Each user's current state at Apple (an active entry over retired ones), as "id|status|email". */
export async function appleUsers(apple: SandboxHarness, token: string): Promise<string[]> {
  const users = new Map<string, { status: string; email?: string }>();
  for (let page = 0; ; page++) {
    const r = await apple.get(`/users?pageIndex=${page}`, token);
    for (const u of r.body.users) {
      const prev = users.get(u.clientUserId);
      const active = (s: string) => s === "Registered" || s === "Associated";
      if (!prev || active(u.status) || !active(prev.status)) users.set(u.clientUserId, u);
    }
    if (r.body.nextPageIndex === undefined) break;
  }
  return [...users].map(([id, u]) => `${id}|${u.status}|${u.email ?? ""}`).sort();
}

export async function copyUsers(call: Call, id: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await call("GET", `/api/locations/${id}/users?limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
    expect(r.status).toBe(200);
    for (const u of r.body.items) out.push(`${u.clientUserId}|${u.status}|${u.email ?? ""}`);
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out.sort();
}

/** Ask for a read and wait until it is over. */
export async function syncNow(c: ConsoleHarness, cookie: string, id: string, full = false) {
  const r = await c.call("POST", `/api/locations/${id}/sync`, { cookie, body: full ? { full: true } : {} });
  expect(r.status).toBe(202);
  return c.services.sync.settled(id);
}
