import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandbox } from "../src/sandbox/sandbox.js";
import type { SandboxConfig, SandboxState } from "../src/sandbox/state.js";

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A sandbox listening on a free loopback port, spoken to over real HTTP. */
export interface SandboxHarness {
  url: string;
  base: string;
  state: SandboxState;
  close(): Promise<void>;
  mint(opts?: Record<string, unknown>): Promise<{ cToken: string; uId: string }>;
  get<T = any>(path: string, token?: string, headers?: Record<string, string>): Promise<HttpResult<T>>;
  post<T = any>(
    path: string,
    body: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<HttpResult<T>>;
  control<T = any>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
  waitForEvent(token: string, eventId: string, timeoutMs?: number): Promise<any>;
}

async function call<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export async function startSandbox(config: Partial<SandboxConfig> = {}): Promise<SandboxHarness> {
  const { app, state } = createSandbox({ eventTasksPerSecond: 0, ...config });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${url}/mdm/v2`;
  const auth = (token?: string): Record<string, string> =>
    token ? { Authorization: `Bearer ${token}` } : {};
  const h: SandboxHarness = {
    url,
    base,
    state,
    close: async () => {
      state.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    mint: async (opts = {}) => {
      const r = await h.control<{ cToken: string; uId: string }>("POST", "/tokens", opts);
      if (r.status !== 201) throw new Error(`mint failed: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    get: (path, token, headers = {}) => call(`${base}${path}`, { headers: { ...auth(token), ...headers } }),
    post: (path, body, token, headers = {}) =>
      call(`${base}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...auth(token), ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    control: (method, path, body) =>
      call(`${url}/_sandbox${path}`, {
        method,
        headers: { "Content-Type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    waitForEvent: async (token, eventId, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await h.get<any>(`/status?eventId=${eventId}`, token);
        if (r.status !== 200) throw new Error(`status ${r.status}: ${JSON.stringify(r.body)}`);
        if (r.body.eventStatus !== "PENDING") return r.body;
        if (Date.now() > until) throw new Error(`event ${eventId} still PENDING`);
        await new Promise((res) => setTimeout(res, 50));
      }
    },
  };
  return h;
}

/** GET a URL and read its JSON body as it comes. */
export async function fetchJson(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}
