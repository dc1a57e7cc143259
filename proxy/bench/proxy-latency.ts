import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createSandbox } from "../src/sandbox/sandbox.js";
import { openDb } from "../src/store/db.js";
import { SecretBox } from "../src/store/secret-box.js";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

/** Added latency of a forwarded read: the same GET, straight to the sandbox and through the proxy. */
export async function benchProxyLatency(): Promise<Record<string, string | number>> {
  const apple = createSandbox({ limits: { maxRequestPerSecond: 1_000_000 } });
  const appleServer = apple.app.listen(0, "127.0.0.1");
  await new Promise((r) => appleServer.once("listening", r));
  const appleBase = `http://127.0.0.1:${(appleServer.address() as AddressInfo).port}/mdm/v2`;
  const loc = apple.state.createLocation({});
  const token = apple.state.mintToken(loc, {});

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-bench-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    VPP_BASE_URL: appleBase,
    ADMIN_PASSWORD: "benchmark-password",
    SANDBOX: "off",
  });
  const db = openDb(dataDir);
  const { app, services } = createApp({
    config,
    logger: pino({ level: "silent" }),
    db,
    box: SecretBox.load(dataDir),
    sandboxBaseUrl: () => undefined,
  });
  await services.accounts.ensureFirstAdmin("admin", "benchmark-password");
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "benchmark-password" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const added = await fetch(`${url}/api/locations`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "text/plain" },
    body: token,
  });
  const { id } = (await added.json()) as { id: string };

  const paths = ["client/config", "assets", "assignments?pageIndex=3"];
  const direct: number[] = [];
  const proxied: number[] = [];
  const time = async (u: string, headers: Record<string, string>) => {
    const t0 = performance.now();
    const res = await fetch(u, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 50; i++) await time(`${url}/api/locations/${id}/vpp/assets`, { Cookie: cookie }); // warm-up
  const n = 600;
  for (let i = 0; i < n; i++) {
    const p = paths[i % paths.length] as string;
    direct.push(await time(`${appleBase}/${p}`, { Authorization: `Bearer ${token}` }));
    proxied.push(await time(`${url}/api/locations/${id}/vpp/${p}`, { Cookie: cookie }));
  }
  server.close();
  appleServer.close();
  apple.state.stop();
  db.close();
  const f = (x: number) => x.toFixed(2);
  return {
    "requests each way": n,
    "direct median / p99 (ms)": `${f(pct(direct, 50))} / ${f(pct(direct, 99))}`,
    "through proxy median / p99 (ms)": `${f(pct(proxied, 50))} / ${f(pct(proxied, 99))}`,
    "added latency median / p99 (ms)": `${f(pct(proxied, 50) - pct(direct, 50))} / ${f(pct(proxied, 99) - pct(direct, 99))}`,
  };
}
