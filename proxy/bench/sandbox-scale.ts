import type { AddressInfo } from "node:net";
import { createSandbox } from "../src/sandbox/sandbox.js";

/** The sandbox's scale knob: 2,000,000 assignments, memory held and page-serving speed over HTTP. */
export async function benchSandboxScale(): Promise<Record<string, string | number>> {
  const mb = (n: number) => Math.round(n / 1048576);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const { app, state } = createSandbox({
    limits: { maxRequestPerSecond: 1_000_000 },
    eventTasksPerSecond: 0,
  });
  const t0 = performance.now();
  const loc = state.createLocation({ assignments: 2_000_000 });
  const seedMs = performance.now() - t0;
  global.gc?.();
  const rss1 = process.memoryUsage().rss;
  const token = state.mintToken(loc, {});
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mdm/v2`;
  const headers = { Authorization: `Bearer ${token}` };
  const first = (await (await fetch(`${base}/assignments`, { headers })).json()) as { totalPages: number };
  const pages = 200;
  const t1 = performance.now();
  let rows = 0;
  for (let p = 0; p < pages; p++) {
    const idx = Math.floor((p * first.totalPages) / pages);
    const body = (await (await fetch(`${base}/assignments?pageIndex=${idx}`, { headers })).json()) as {
      size: number;
    };
    rows += body.size;
  }
  const pageMs = (performance.now() - t1) / pages;
  const t2 = performance.now();
  const one = (await (
    await fetch(`${base}/assignments?adamId=361285480&pageIndex=3`, { headers })
  ).json()) as { totalPages: number };
  const filteredFirstMs = performance.now() - t2;
  server.close();
  state.stop();
  return {
    assignments: loc.store.liveCount,
    "seed + scale time (s)": (seedMs / 1000).toFixed(1),
    "RSS growth held by the location (MB)": mb(rss1 - rss0),
    "RSS total (MB)": mb(rss1),
    "pages of 1000 served": `${pages} (${rows} rows)`,
    "mean time per page over HTTP (ms)": pageMs.toFixed(1),
    "first filtered page (adamId, scan + cache) (ms)": filteredFirstMs.toFixed(0),
    "filtered total pages": one.totalPages,
  };
}
