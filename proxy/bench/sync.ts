import fs from "node:fs";
import { applyExternalChanges } from "../src/sandbox/external.js";
import { scaleLocation } from "../src/sandbox/seed.js";
import { createSandbox } from "../src/sandbox/sandbox.js";
import { benchConsole, listenSandbox } from "./bench-console.js";
import type { RequestLogEntry } from "../src/sandbox/state.js";

const PROCREATE = "425073498";
const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] as number;

/**
 * Location sync at scale through a real proxy process and a sandbox with Apple's latency (200 ms)
 * and rate (15 requests/s): the import of 2,000,000 assignments against Apple's bound, a delta
 * after 1,000 changes, reads from the copy, and an export from the copy against the live one.
 */
export async function benchSync(): Promise<Record<string, string | number>> {
  const { app, state } = createSandbox({ pageSize: 1000, latencyMs: 200 });
  const seen: RequestLogEntry[] = [];
  const push = state.requestLog.push.bind(state.requestLog);
  state.requestLog.push = (...entries: RequestLogEntry[]) => {
    seen.push(...entries);
    return push(...entries);
  };
  const { server, base } = await listenSandbox(app);

  const big = state.createLocation({ data: "demo" });
  scaleLocation(big, big.store.liveCount + 200_000, { adamId: PROCREATE, pricingParam: "STDQ" });
  scaleLocation(big, 2_000_000);
  const { proxy, cookie, api } = await benchConsole("sync", base);
  const settle = async (id: string) => {
    for (;;) {
      const s = await api("GET", `/api/locations/${id}/sync`);
      if (s.state === "idle" || s.state === "failed" || s.state === "stopped") return s;
      await sleep(250);
    }
  };
  const requestsOf = (uId: string, from: number) => seen.slice(from).filter((e) => e.uId === uId);

  // 1. The import, against Apple's bound.
  let from = seen.length;
  const t0 = performance.now();
  const { id } = await api("POST", "/api/locations", state.mintToken(big, {}));
  const imported = await settle(id);
  const importSeconds = (performance.now() - t0) / 1000;
  const importRequests = requestsOf(big.uId, from);
  const pages = importRequests.filter(
    (e) => e.status === 200 && e.method === "GET" && e.path !== "/client/config",
  ).length;
  const bound = pages / Math.min(15, 5 / 0.2);
  const throttled = importRequests.filter((e) => e.status === 429).length;
  const importPeak = peakRssMb(proxy.child.pid as number);

  // 2. 1,000 changes behind the console's back, then a delta.
  applyExternalChanges(state, big, {
    assign: 1000,
    unassign: 0,
    registerUsers: 0,
    retireUsers: 0,
    notify: false,
    seed: 5,
  });
  from = seen.length;
  await api("POST", `/api/locations/${id}/sync`, {});
  const afterDelta = await settle(id);
  const deltaRequests = requestsOf(big.uId, from).length;
  const total = (await api("GET", `/api/locations/${id}/assignments?limit=1`)).total as number;
  const external = (await api("GET", `/api/locations/${id}/assignments?q=EXT&limit=1`)).total as number;

  // 3. Reads from the copy at 2,000,000: search by serial, holders of one app.
  const serial = (n: number) => `SBX${n.toString(36).toUpperCase().padStart(9, "0")}`;
  const timed = async (p: string) => {
    const t = performance.now();
    await api("GET", p);
    return performance.now() - t;
  };
  const searchMs: number[] = [];
  const holdersMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    searchMs.push(await timed(`/api/search?q=${serial((i * 7919) % 300_000)}`));
    holdersMs.push(
      await timed(`/api/locations/${id}/assignments?adamId=${PROCREATE}&pricingParam=STDQ&limit=100`),
    );
  }
  const t1 = performance.now();
  const opened = await api(
    "GET",
    `/api/locations/${id}/assignments?adamId=${PROCREATE}&pricingParam=STDQ&limit=100`,
  );
  const openMs = performance.now() - t1;

  // 4. Export of 1,000,000 rows: from the copy, and fresh from Apple, in the same run.
  const million = state.createLocation({ data: "empty", assignments: 1_000_000 });
  const { id: mid } = await api("POST", "/api/locations", state.mintToken(million, {}));
  await settle(mid);
  const exportOnce = async (source: string) => {
    const before = seen.length;
    const t = performance.now();
    const res = await fetch(`${proxy.url}/api/locations/${mid}/export/assignments.csv?source=${source}`, {
      headers: { Cookie: cookie },
    });
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return {
      seconds: (performance.now() - t) / 1000,
      bytes,
      requests: requestsOf(million.uId, before).length,
    };
  };
  const fromCopy = await exportOnce("copy");
  const live = await exportOnce("apple");
  const peak = peakRssMb(proxy.child.pid as number);
  proxy.child.kill("SIGTERM");
  server.close();
  state.stop();
  return {
    "import: assignments at Apple": big.store.liveCount - 1000,
    "import: pages read (assets + assignments + users)": pages,
    "import: time (s)": importSeconds.toFixed(1),
    "import: Apple's bound, pages ÷ min(15/s, 5 in flight ÷ 0.2 s) (s)": bound.toFixed(1),
    "import: bound ÷ time (target ≥ 0.9)": (bound / importSeconds).toFixed(2),
    "import: 429 answers": throttled,
    "import: state": imported.state,
    "import: proxy peak RSS (MB)": importPeak.toFixed(0),
    "delta after 1,000 changes: requests (bound ⌈1000/1000⌉ + 2 = 3)": deltaRequests,
    "delta: state": afterDelta.state,
    "delta: copy total = Apple's": `${total} = ${big.store.liveCount} (${total === big.store.liveCount ? "equal" : "DIFFERENT"})`,
    "delta: the 1,000 new licences in the copy": external,
    "search by serial at 2,000,000: p95 (ms)": p95(searchMs).toFixed(1),
    "holders of one app (200,000): p95 of the first page (ms)": p95(holdersMs).toFixed(1),
    "open an app with 200,000 holders: first 100 rows (ms)": openMs.toFixed(1),
    "open an app: full count shown": opened.total,
    "export 1,000,000 from the copy (s)": fromCopy.seconds.toFixed(1),
    "export from the copy: requests to Apple": fromCopy.requests,
    "export 1,000,000 live from Apple (s)": live.seconds.toFixed(1),
    "export: live ÷ copy (target ≥ 3)": (live.seconds / fromCopy.seconds).toFixed(1),
    "export sizes copy / live (MB)": `${(fromCopy.bytes / 1048576).toFixed(1)} / ${(live.bytes / 1048576).toFixed(1)}`,
    "proxy peak RSS at the end (MB)": peak.toFixed(0),
  };
}
