import { parse } from "csv-parse/sync";
import { expect } from "vitest";
import type { JobSnapshot } from "../src/api-types.js";
import { startConsole, type ConsoleHarness } from "./console-harness.js";
import { startSandbox, type SandboxHarness } from "./sandbox-harness.js";

export const KEYNOTE = "361285480"; // unlimited
export const PROCREATE = "425073498"; // limited
export const BOOK = "363828571";

/** "Apple" (a standalone sandbox) and a console that uses it, with an admin signed in. */
export interface JobWorld {
  apple: SandboxHarness;
  c: ConsoleHarness;
  admin: string;
  close(): Promise<void>;
  /** A location of its own (own uId, own gate) so tests never share Apple's rate window. */
  newLocation(opts?: Record<string, unknown>): Promise<{ id: string; uId: string; token: string }>;
  submit(id: string, body: object): Promise<{ status: number; body: any }>;
  /** Assign Keynote to these serial numbers (a job of the location). */
  assign(id: string, serialNumbers: string[]): Promise<{ status: number; body: any }>;
  /** One fault at "Apple" for this location's requests under `pathPrefix`. */
  fault(uId: string, pathPrefix: string, spec: Record<string, unknown>): Promise<void>;
  settled(jobId: string, until?: ReadonlySet<string>): Promise<JobSnapshot>;
  /** Apple's request log for one location, optionally one path. */
  requests(uId: string, path?: string): SandboxHarness["state"]["requestLog"];
  /** Who holds what at Apple now (the sandbox's own record, every page). */
  holds(
    uId: string,
    adamId?: string,
  ): Promise<{ adamId: string; serialNumber?: string; clientUserId?: string }[]>;
  csv(jobId: string): Promise<Record<string, string>[]>;
}

export const serials = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startJobWorld(env: Record<string, string> = {}): Promise<JobWorld> {
  // Tests also read "Apple" directly; throttling has its own tests (proxy-forward, sandbox-auth).
  const apple = await startSandbox({ eventTasksPerSecond: 0, limits: { maxRequestPerSecond: 100_000 } });
  const c = await startConsole({ VPP_BASE_URL: apple.base, STATUS_POLL_MS: "200", ...env });
  const admin = await c.signIn();
  const w: JobWorld = {
    apple,
    c,
    admin,
    close: async () => {
      await c.close();
      await apple.close();
    },
    newLocation: async (opts = { data: "empty" }) => {
      const t = await apple.mint(opts);
      const r = await c.call("POST", "/api/locations", { cookie: admin, body: t.cToken });
      expect(r.status).toBe(201);
      return { id: r.body.id as string, uId: t.uId, token: t.cToken };
    },
    submit: (id, body) => c.call("POST", `/api/locations/${id}/jobs`, { cookie: admin, body }),
    assign: (id, serialNumbers) =>
      w.submit(id, { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers }),
    fault: async (uId, pathPrefix, spec) => {
      const r = await apple.control("POST", "/faults", { ...spec, pathPrefix, uId });
      expect(r.status).toBe(201);
    },
    settled: (jobId, until) => c.services.runner.settled(jobId, 30_000, until),
    requests: (uId, path) =>
      apple.state.requestLog.filter((e) => e.uId === uId && (!path || e.path === path)),
    holds: async (uId, adamId) =>
      (await apple.control("GET", `/locations/${uId}/holds${adamId ? `?adamId=${adamId}` : ""}`)).body,
    csv: (jobId) => resultsCsv(c, admin, jobId),
  };
  return w;
}

/** A job's results file, parsed (header row → keys). */
export async function resultsCsv(
  c: ConsoleHarness,
  cookie: string,
  jobId: string,
): Promise<Record<string, string>[]> {
  const r = await c.call("GET", `/api/jobs/${jobId}/results.csv`, { cookie });
  expect(r.status).toBe(200);
  return parse(r.text, { bom: true, columns: true }) as Record<string, string>[];
}

export const PAUSED = new Set(["paused", "complete", "failed", "cancelled"]);
