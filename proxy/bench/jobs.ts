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

/** Submit → COMPLETE on the embedded sandbox (500 tasks/s at "Apple", status polled every 1 s). */
export async function benchJobs(): Promise<Record<string, string | number>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-bench-jobs-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: "bench-jobs-password",
    LOG_LEVEL: "silent",
  });
  const db = openDb(dataDir);
  const sandbox = createSandbox();
  const upstream: { url?: string } = {};
  const { app, services } = createApp({
    config,
    logger: pino({ level: "silent" }),
    db,
    box: SecretBox.load(dataDir),
    sandbox,
    sandboxBaseUrl: () => upstream.url,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.url = `${url}/sandbox/mdm/v2`;
  const { location } = await services.locations.addSandbox("bench");
  const { JobService } = await import("../src/jobs/service.js");
  const { JobStore } = await import("../src/jobs/store.js");
  const jobs = new JobService({
    store: new JobStore(db),
    runner: services.runner,
    locations: services.locations,
    serviceConfig: services.serviceConfig,
    audit: services.audit,
  });
  const out: Record<string, string | number> = {};
  for (const [label, n] of [
    ["Keynote to 800 iPads", 800],
    ["Keynote to 2,500 iPads", 2500],
    ["Keynote to 10,000 iPads", 10000],
  ] as const) {
    const serials = Array.from({ length: n }, (_, i) => `BENCH${label.length}${String(i).padStart(6, "0")}`);
    const t0 = performance.now();
    const job = await jobs.create(
      location.id,
      { type: "associate", assets: [{ adamId: "361285480" }], serialNumbers: serials },
      "bench",
    );
    const done = await services.runner.settled(job?.id as string, 120_000);
    out[`${label}: requests (minimum)`] = `${done.chunks.length} (${Math.ceil(n / 1000)})`;
    out[`${label}: submit → ${done.state.toUpperCase()} (s)`] = ((performance.now() - t0) / 1000).toFixed(1);
  }
  services.runner.stop();
  sandbox.state.stop();
  server.close();
  db.close();
  return out;
}
