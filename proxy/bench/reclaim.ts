import fs from "node:fs";
import { scaleLocation } from "../src/sandbox/seed.js";
import { createSandbox } from "../src/sandbox/sandbox.js";
import { benchConsole, listenSandbox } from "./bench-console.js";

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const serial = (n: number) => `SBX${n.toString(36).toUpperCase().padStart(9, "0")}`;
const DAY = 86_400_000;

/**
 * A reclaim rule's preview over 2,000,000 assignments (200,000 devices) and a 30,000-serial
 * inventory, through a real proxy process: time and the memory it adds (RSS sampled every 5 ms
 * while the preview runs, minus RSS just before). Target: < 2 s, < 150 MB added.
 */
export async function benchReclaim(): Promise<Record<string, string | number>> {
  const { app, state } = createSandbox({ pageSize: 1000, limits: { maxRequestPerSecond: 1_000_000 } });
  const { server, base } = await listenSandbox(app);
  const big = state.createLocation({ data: "empty" });
  scaleLocation(big, 2_000_000);

  const { proxy, api } = await benchConsole("reclaim", base, "text/csv");
  const { id } = await api("POST", "/api/locations", state.mintToken(big, {}));
  for (;;) {
    const s = await api("GET", `/api/locations/${id}/sync`);
    if (s.state === "idle" || s.state === "failed") break;
    await sleep(500);
  }
  const total = (await api("GET", `/api/locations/${id}/assignments?limit=1`)).total as number;

  // An MDM export of 30,000 devices: the first 30,000 serials, one in three last seen 120 days ago.
  const lines = ["Serial Number,Device Name,Model,Last Check-in"];
  for (let i = 0; i < 30_000; i++) {
    const seen = new Date(Date.now() - (i % 3 === 0 ? 120 : 2) * DAY).toISOString();
    lines.push(`${serial(i)},iPad ${i},iPad9-1,${seen}`);
  }
  const csv = lines.join("\n");
  const t0 = performance.now();
  const uploaded = await api("POST", "/api/reclaim/lists?kind=inventory&name=MDM", csv);
  const uploadMs = performance.now() - t0;

  const pid = proxy.child.pid as number;
  const measure = async (query: object) => {
    const rule = await api("POST", `/api/locations/${id}/reclaim/rules`, {
      name: JSON.stringify(query),
      query,
    });
    const runs: { ms: number; addedMb: number; count: number }[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(300);
      const before = rssMb(pid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 5);
      const t = performance.now();
      const preview = await api("GET", `/api/locations/${id}/reclaim/rules/${rule.id}/preview`);
      const ms = performance.now() - t;
      clearInterval(sampler);
      runs.push({ ms, addedMb: Math.max(peak, rssMb(pid)) - before, count: preview.count });
    }
    const median = [...runs].sort((a, b) => a.ms - b.ms)[1] as (typeof runs)[number];
    return {
      first: runs[0] as (typeof runs)[number],
      median,
      maxAdded: Math.max(...runs.map((r) => r.addedMb)),
    };
  };
  const gone = await measure({ kind: "not-in-inventory", listId: uploaded.list.id });
  const stale = await measure({ kind: "not-seen", listId: uploaded.list.id, days: 90 });
  proxy.child.kill("SIGTERM");
  server.close();
  state.stop();
  return {
    "assignments in the copy": total,
    "inventory: serials read / upload and save (ms)": `${uploaded.list.entries} / ${uploadMs.toFixed(0)}`,
    "not in inventory: licences selected": gone.median.count,
    "not in inventory: preview first / median of 3 (ms)": `${gone.first.ms.toFixed(0)} / ${gone.median.ms.toFixed(0)}`,
    "not in inventory: RSS added, worst of 3 (MB)": gone.maxAdded.toFixed(0),
    "not seen for 90 days: licences selected": stale.median.count,
    "not seen for 90 days: preview first / median of 3 (ms)": `${stale.first.ms.toFixed(0)} / ${stale.median.ms.toFixed(0)}`,
    "not seen for 90 days: RSS added, worst of 3 (MB)": stale.maxAdded.toFixed(0),
    target: "< 2000 ms, < 150 MB added",
  };
}
