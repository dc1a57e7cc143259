import type { Express } from "express";
import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, startProxyProcess } from "../test/proxy-process.js";

/** The sandbox's app on a loopback port: its server and the /mdm/v2 base the console is pointed at. */
export async function listenSandbox(app: Express): Promise<{ server: net.Server; base: string }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { server, base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/mdm/v2` };
}

/**
 * A real proxy process as `pnpm start` runs it, on Apple at `base` (the sandbox), signed in as
 * admin; `api` sends JSON, or a string as `textType`, and reads the JSON answer.
 */
export async function benchConsole(name: string, base: string, textType = "text/plain") {
  const password = `bench-${name}-password`;
  const proxy = await startProxyProcess({
    port: await freePort(),
    args: ["--expose-gc", "dist/main.js"],
    env: {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `vpp-bench-${name}-`)),
      VPP_BASE_URL: base,
      SANDBOX: "off",
      ADMIN_PASSWORD: password,
      SYNC_INTERVAL_MS: "86400000",
    },
  });
  const cookie = await proxy.signIn("admin", password);
  const api = async (method: string, p: string, body?: string | object) => {
    const res = await fetch(`${proxy.url}${p}`, {
      method,
      headers: {
        Cookie: cookie,
        ...(body === undefined
          ? {}
          : { "Content-Type": typeof body === "string" ? textType : "application/json" }),
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a bench reads whatever the API answers
    return (await res.json()) as any;
  };
  return { proxy, cookie, api };
}
