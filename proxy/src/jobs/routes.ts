import express, { type Router } from "express";
import { z } from "zod";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { CsvDownload } from "../export/csv.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import { jobInputSchema } from "../contract/schemas.js";
import { RESULT_COLUMNS, resultRows } from "./results.js";
import type { JobRunner } from "./runner.js";
import type { JobService } from "./service.js";
import { sseClients } from "../metrics/metrics.js";
import type { JobStore } from "./store.js";

/** POST /api/jobs/:id/resume */
export const resumeSchema = z.strictObject({ confirmTakeover: z.boolean().optional() });

export function jobRoutes(deps: {
  jobs: JobService;
  runner: JobRunner;
  store: JobStore;
  locationExists: (id: string) => void;
}): Router {
  const { jobs, runner, store } = deps;
  const r = express.Router();
  const snapshot = (id: string) => {
    const s = runner.snapshot(id);
    if (!s) throw new ApiError(404, "JOB_NOT_FOUND", "There is no such job.");
    return s;
  };

  r.post(
    "/locations/:id/jobs/plan",
    requireRole("admin"),
    express.json({ limit: "8mb" }),
    async (req, res) => {
      const { plan } = await jobs.plan(String(req.params.id), validate(jobInputSchema, req.body));
      res.json(plan);
    },
  );

  r.post("/locations/:id/jobs", requireRole("admin"), express.json({ limit: "8mb" }), async (req, res) => {
    const actor = requireAccount(res);
    res
      .status(202)
      .json(await jobs.create(String(req.params.id), validate(jobInputSchema, req.body), actor.username));
  });

  r.get("/locations/:id/jobs", (req, res) => {
    deps.locationExists(String(req.params.id));
    res.json(
      store.list(String(req.params.id)).map((j) => ({
        ...runner.summary(j.id),
        chunks: undefined,
        failureCount: store.evidence.failureCount(j.id),
      })),
    );
  });

  r.get("/jobs/:id", (req, res) => void res.json(snapshot(String(req.params.id))));

  // Live progress: one snapshot now, then one per change. The runner polls Apple once per event,
  // however many browsers watch.
  r.get("/jobs/:id/events", (req, res) => {
    const id = String(req.params.id);
    const first = snapshot(id);
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    const send = (s: unknown) => res.write(`event: job\ndata: ${JSON.stringify(s)}\n\n`);
    send(first);
    const unsubscribe = runner.subscribe(id, send);
    const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
    sseClients.inc();
    req.on("close", () => {
      sseClients.dec();
      clearInterval(ping);
      unsubscribe();
    });
  });

  r.post("/jobs/:id/cancel", requireRole("admin"), (req, res) => {
    const actor = requireAccount(res);
    res.json(jobs.cancel(String(req.params.id), actor.username));
  });

  r.post("/jobs/:id/retry-failed", requireRole("admin"), async (req, res) => {
    const actor = requireAccount(res);
    res.status(202).json(await jobs.retryFailed(String(req.params.id), actor.username));
  });

  r.post("/jobs/:id/resume", requireRole("admin"), express.json({ limit: "1kb" }), (req, res) => {
    const actor = requireAccount(res);
    const body = validate(resumeSchema, req.body ?? {});
    res.json(jobs.resume(String(req.params.id), actor.username, body.confirmTakeover ?? false));
  });

  r.get("/jobs/:id/results.csv", async (req, res) => {
    const s = snapshot(String(req.params.id));
    const csv = new CsvDownload(res, `job-${s.type}-${s.id.slice(0, 8)}-results.csv`, [...RESULT_COLUMNS]);
    const rows = resultRows(s);
    for (let i = 0; i < rows.length; i += 1000) await csv.write(rows.slice(i, i + 1000));
    await csv.end();
  });
  return r;
}
