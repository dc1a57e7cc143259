import client from "prom-client";
import type { Db } from "../store/db.js";
import { processRegistry } from "./metrics.js";

/** One console's gauges, read from its store at scrape time, merged with the process's metrics. */
export function consoleMetrics(db: Db): client.Registry {
  const registry = new client.Registry();
  new client.Gauge({
    name: "vppc_jobs",
    help: "Jobs not finished, by state (the queue's depth)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const rows = db
        .prepare(
          "SELECT state, count(*) AS n FROM jobs WHERE state IN ('queued', 'running', 'paused') GROUP BY state",
        )
        .all() as { state: string; n: number }[];
      for (const state of ["queued", "running", "paused"])
        this.set({ state }, rows.find((r) => r.state === state)?.n ?? 0);
    },
  });
  new client.Gauge({
    name: "vppc_sync_lag_seconds",
    help: "Seconds since each location's copy was last read from Apple",
    labelNames: ["location_id", "location"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const rows = db
        .prepare(
          "SELECT l.id, l.location_name AS name, s.synced_at FROM sync_locations s JOIN locations l ON l.id = s.location_id WHERE s.synced_at IS NOT NULL",
        )
        .all() as { id: string; name: string; synced_at: number }[];
      for (const r of rows)
        this.set({ location_id: r.id, location: r.name }, (Date.now() - r.synced_at) / 1000);
    },
  });
  return client.Registry.merge([processRegistry, registry]);
}
