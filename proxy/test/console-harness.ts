import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Router } from "express";
import os from "node:os";
import path from "node:path";
import { createApp, type AppServices } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { createSandbox, type Sandbox } from "../src/sandbox/sandbox.js";
import { openDb, type Db } from "../src/store/db.js";
import { SecretBox } from "../src/store/secret-box.js";
import { openApiDocument } from "../src/openapi/document.js";
import { trafficProblems, type Seen } from "./openapi-traffic.js";
import { freePort } from "./proxy-process.js";

export interface Call {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** The whole console (proxy + embedded sandbox) on a free loopback port with a temp DATA_DIR. */
export interface ConsoleHarness {
  url: string;
  dataDir: string;
  db: Db;
  sandbox: Sandbox;
  services: AppServices;
  /** The /api router, for the check that the OpenAPI document describes every route. */
  api: Router;
  logs: string[];
  close(): Promise<void>;
  call(
    method: string,
    p: string,
    opts?: { body?: unknown; cookie?: string; headers?: Record<string, string> },
  ): Promise<Call>;
  signIn(username?: string, password?: string): Promise<string>;
}

export const ADMIN = { username: "admin", password: "correct horse battery" };

/**
 * The console as main.ts starts it. Location sync is off unless the test asks for it (SYNC=on):
 * other tests count the requests Apple sees. PUBLIC_URL=auto names the console's own address; PORT
 * is where it listens (a free port when unset).
 */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "vpp-test-"));
  const port = env.PUBLIC_URL === "auto" ? await freePort() : Number(env.PORT ?? 0);
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_USER: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_DIST: path.join(dataDir, "no-web"),
    SYNC: "off",
    ...env,
    ...(env.PUBLIC_URL === "auto" ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
  });
  const logs: string[] = [];
  // Every call the test makes, checked against the OpenAPI document when the console closes.
  const traffic: Seen[] = [];
  // The real logger (with its redaction), writing where the test can read it.
  const logger = createLogger("debug", { write: (line: string) => void logs.push(line) });
  const db = openDb(dataDir);
  const box = SecretBox.load(dataDir, config.SECRET_KEY);
  const sandbox = createSandbox({ eventTasksPerSecond: 0 });
  const upstream: { sandbox?: string } = {};
  const { app, services, api } = createApp({
    config,
    logger,
    db,
    box,
    sandbox,
    sandboxBaseUrl: () => upstream.sandbox,
  });
  await services.accounts.ensureFirstAdmin(config.ADMIN_USER, config.ADMIN_PASSWORD);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, "127.0.0.1", () => resolve(s));
  });
  if (config.SYNC) {
    services.sync.start();
    services.inbox.drain();
  }
  services.reclaim.start(config.RECLAIM_TICK_MS);
  services.alerts.start(config.ALERT_TICK_MS);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.sandbox = `${url}/sandbox/mdm/v2`;
  const h: ConsoleHarness = {
    url,
    dataDir,
    db,
    sandbox,
    services,
    api,
    logs,
    close: async () => {
      services.runner.stop();
      await services.sync.stop();
      services.reclaim.stop();
      await services.alerts.stop();
      sandbox.state.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
      const problems = trafficProblems(openApiDocument(), traffic);
      if (problems.length)
        throw new Error(`Traffic the OpenAPI document does not describe:\n${problems.join("\n")}`);
    },
    call: async (method, p, opts = {}) => {
      const headers: Record<string, string> = {
        ...(opts.cookie ? { Cookie: opts.cookie } : {}),
        ...opts.headers,
      };
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
        headers["Content-Type"] ??= typeof opts.body === "string" ? "text/plain" : "application/json";
      }
      const res = await fetch(`${url}${p}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: "manual",
      });
      const text = await res.text();
      traffic.push({ method, url: p, body: opts.body, status: res.status });
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    signIn: async (username = ADMIN.username, password = ADMIN.password) => {
      const r = await h.call("POST", "/api/session", { body: { username, password } });
      if (r.status !== 204) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
      const cookie = r.headers.get("set-cookie") ?? "";
      return cookie.split(";")[0] as string;
    },
  };
  return h;
}
