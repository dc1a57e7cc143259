import { startConsole } from "../test/console-harness.js";

/** Submit → COMPLETE on the embedded sandbox (500 tasks/s at "Apple", status polled every 1 s). */
export async function benchJobs(): Promise<Record<string, string | number>> {
  const c = await startConsole();
  c.sandbox.state.config = { ...c.sandbox.state.config, eventTasksPerSecond: 500 };
  const cookie = await c.signIn();
  const demo = (await c.call("POST", "/api/locations/sandbox", { cookie })).body as { id: string };
  const out: Record<string, string | number> = {};
  for (const [label, n] of [
    ["Keynote to 800 iPads", 800],
    ["Keynote to 2,500 iPads", 2500],
    ["Keynote to 10,000 iPads", 10000],
  ] as const) {
    const serials = Array.from({ length: n }, (_, i) => `BENCH${n}-${String(i).padStart(6, "0")}`);
    const t0 = performance.now();
    const job = await c.call("POST", `/api/locations/${demo.id}/jobs`, {
      cookie,
      body: { type: "associate", assets: [{ adamId: "361285480" }], serialNumbers: serials },
    });
    const done = await c.services.runner.settled(job.body.id as string, 120_000);
    out[`${label}: requests (minimum)`] = `${done.chunks.length} (${Math.ceil(n / 1000)})`;
    out[`${label}: submit → ${done.state.toUpperCase()} (s)`] = ((performance.now() - t0) / 1000).toFixed(1);
  }
  await c.close();
  return out;
}
