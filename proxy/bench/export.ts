import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { createSandbox } from "../src/sandbox/sandbox.js";
import { freePort, startProxyProcess } from "../test/proxy-process.js";

/** Peak resident set size of a process so far (Linux VmHWM), in MB. */
const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** CSV export of 1,000,000 assignments through a real proxy process: rows/s, peak RSS, and under 200 ms latency. */
export async function benchExport(): Promise<Record<string, string | number>> {
  const ROWS = 1_000_000;
  const { app, state } = createSandbox({ limits: { maxRequestPerSecond: 1_000_000 }, pageSize: 1000 });
  const sandboxServer = app.listen(0, "127.0.0.1");
  await new Promise((r) => sandboxServer.once("listening", r));
  const base = `http://127.0.0.1:${(sandboxServer.address() as net.AddressInfo).port}/mdm/v2`;
  const loc = state.createLocation({ assignments: ROWS });
  const token = state.mintToken(loc, {});

  // The same flags as `pnpm start` (--expose-gc lets long exports collect as they go), plus any to compare.
  const flags = ["--expose-gc", ...(process.env.EXPORT_NODE_FLAGS ?? "").split(" ").filter(Boolean)];
  const proxy = await startProxyProcess({
    port: await freePort(),
    args: [...flags, "dist/main.js"],
    env: {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "vpp-bench-export-")),
      VPP_BASE_URL: base,
      SANDBOX: "off",
      ADMIN_PASSWORD: "bench-export-password",
      // The live export walks Apple; the copy's export is measured in the sync bench.
      SYNC: "off",
    },
  });
  const { url, child } = proxy;
  const cookie = await proxy.signIn("admin", "bench-export-password");
  const added = await fetch(`${url}/api/locations`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "text/plain" },
    body: token,
  });
  const { id } = (await added.json()) as { id: string };
  const pid = child.pid as number;

  const exportOnce = async () => {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/locations/${id}/export/assignments.csv`, {
      headers: { Cookie: cookie },
    });
    // Records end in CRLF; a line break inside a quoted name is a bare LF and does not count.
    let lines = 0;
    let bytes = 0;
    let prev = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i] as number;
        if (b === 10 && prev === 13) lines++;
        prev = b;
      }
    }
    return { seconds: (performance.now() - t0) / 1000, rows: lines - 1, bytes };
  };

  const rssBefore = rssMb(pid);
  const fast = await exportOnce();
  const peakFast = peakRssMb(pid);
  state.config = { ...state.config, latencyMs: 200 };
  const slow = await exportOnce();
  const peakSlow = peakRssMb(pid);
  const pages = Math.ceil(ROWS / 1000);
  child.kill("SIGTERM");
  sandboxServer.close();
  state.stop();
  return {
    "rows exported": fast.rows,
    "file size (MB)": (fast.bytes / 1048576).toFixed(1),
    "no latency: time (s)": fast.seconds.toFixed(1),
    "no latency: rows/s": Math.round(fast.rows / fast.seconds),
    "proxy RSS before export (MB)": rssBefore.toFixed(0),
    "proxy peak RSS during export (MB)": peakFast.toFixed(0),
    "200 ms per page: time (s)": slow.seconds.toFixed(1),
    "200 ms per page: limit with 5 in flight, pages × 0.2 s / 5 (s)": ((pages * 0.2) / 5).toFixed(1),
    "200 ms per page: rows": slow.rows,
    "proxy peak RSS after both (MB)": peakSlow.toFixed(0),
  };
}
