import express, { type Request, type Router } from "express";
import { requireAccount, requireRole } from "../auth/middleware.js";
import {
  guardrailsSchema,
  priceInputSchema,
  reclaimInputSchema,
  ruleInputSchema,
  type ListKind,
} from "../contract/reclaim.js";
import { CsvDownload, exportFilename } from "../export/csv.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { LocationService } from "../locations/service.js";
import { readListFile } from "./list-file.js";
import type { ReclaimService } from "./service.js";

const MAX_FILE_BYTES = 50 * 1024 * 1024;
const text = express.text({ type: () => true, limit: MAX_FILE_BYTES });

function fileText(req: Request): string {
  if (typeof req.body !== "string" || req.body.trim() === "")
    throw new ApiError(400, "EMPTY_FILE", "The file is empty: send the CSV file's text.");
  return req.body;
}

function listOptions(req: Request) {
  const kind = String(req.query.kind ?? "");
  if (kind !== "inventory" && kind !== "roster")
    throw new ApiError(400, "INVALID_REQUEST", "kind is inventory or roster");
  const column = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    kind: kind as ListKind,
    choose: { keyColumn: column(req.query.keyColumn), seenColumn: column(req.query.seenColumn) },
  };
}

/** The reclaim centre's API: lists, prices, guardrails, rules, previews and reclaims. */
export function reclaimRoutes(deps: { reclaim: ReclaimService; locations: LocationService }): Router {
  const { reclaim, locations } = deps;
  const r = express.Router();
  const loc = (req: Request) => locations.get(String(req.params.id)).id;
  const actor = (res: express.Response) => requireAccount(res).username;

  // Inventories and rosters: read (nothing saved), then saved under a name.
  r.get("/reclaim/lists", (_req, res) => void res.json({ items: reclaim.lists.list() }));
  r.post("/reclaim/lists/preview", requireRole("admin"), text, (req, res) => {
    const { kind, choose } = listOptions(req);
    res.json(readListFile(fileText(req), kind, choose).preview);
  });
  r.post("/reclaim/lists", requireRole("admin"), text, (req, res) => {
    const { kind, choose } = listOptions(req);
    const name = String(req.query.name ?? "").trim();
    if (!name || name.length > 120)
      throw new ApiError(400, "INVALID_REQUEST", "name: name the list (at most 120 characters)");
    const file = readListFile(fileText(req), kind, choose);
    if (file.entries.size === 0)
      throw new ApiError(400, "EMPTY_LIST", "No line of the file has a usable entry. Nothing was saved.");
    const list = reclaim.lists.save(file, name, actor(res));
    res.status(201).json({ list, preview: file.preview });
  });
  r.delete("/reclaim/lists/:listId", requireRole("admin"), (req, res) => {
    reclaim.lists.delete(String(req.params.listId));
    res.status(204).end();
  });

  // Prices per title.
  r.get("/reclaim/prices", (_req, res) => void res.json({ items: reclaim.prices.list() }));
  r.put("/reclaim/prices/:adamId", requireRole("admin"), express.json(), (req, res) => {
    const adamId = String(req.params.adamId);
    if (!/^\d{1,20}$/.test(adamId)) throw new ApiError(400, "INVALID_REQUEST", "adamId must be digits");
    const p = validate(priceInputSchema, req.body);
    reclaim.prices.set(adamId, p, actor(res));
    res.json({ items: reclaim.prices.list() });
  });
  r.delete("/reclaim/prices/:adamId", requireRole("admin"), (req, res) => {
    reclaim.prices.delete(String(req.params.adamId));
    res.status(204).end();
  });
  r.post("/reclaim/prices.csv", requireRole("admin"), text, (req, res) => {
    res.json(reclaim.prices.importCsv(fileText(req), actor(res)));
  });

  r.get("/reclaim/guardrails", (_req, res) => void res.json(reclaim.guardrails()));
  r.put("/reclaim/guardrails", requireRole("admin"), express.json(), (req, res) => {
    res.json(reclaim.setGuardrails(validate(guardrailsSchema, req.body), actor(res)));
  });

  r.get("/locations/:id/reclaim/value", (req, res) => void res.json(reclaim.prices.locationValue(loc(req))));

  // Rules.
  r.get("/locations/:id/reclaim/rules", (req, res) => void res.json({ items: reclaim.rules.list(loc(req)) }));
  r.post("/locations/:id/reclaim/rules", requireRole("admin"), express.json(), (req, res) => {
    const f = reclaim.checkRule(validate(ruleInputSchema, req.body));
    res.status(201).json(reclaim.rules.create(loc(req), f, actor(res)));
  });
  r.get("/locations/:id/reclaim/rules/:ruleId", (req, res) => {
    res.json(reclaim.rules.get(loc(req), String(req.params.ruleId)));
  });
  r.put("/locations/:id/reclaim/rules/:ruleId", requireRole("admin"), express.json(), (req, res) => {
    const f = reclaim.checkRule(validate(ruleInputSchema, req.body));
    res.json(reclaim.rules.update(loc(req), String(req.params.ruleId), f));
  });
  r.delete("/locations/:id/reclaim/rules/:ruleId", requireRole("admin"), (req, res) => {
    reclaim.rules.delete(loc(req), String(req.params.ruleId));
    res.status(204).end();
  });
  r.get("/locations/:id/reclaim/rules/:ruleId/preview", async (req, res) => {
    res.json(await reclaim.preview(loc(req), String(req.params.ruleId)));
  });
  r.get("/locations/:id/reclaim/rules/:ruleId/preview.csv", async (req, res) => {
    const location = locations.get(String(req.params.id));
    const { rule, selection } = reclaim.selection(location.id, String(req.params.ruleId));
    const prices = reclaim.prices.all();
    const csv = new CsvDownload(res, exportFilename(`reclaim-${rule.name}`, location.locationName), [
      "kind",
      "serialNumber",
      "clientUserId",
      "adamId",
      "pricingParam",
      "reason",
      "action",
      "price",
      "currency",
    ]);
    const action =
      selection.action === "revoke" ? "revoke" : selection.action === "disassociate" ? "unassign" : "none";
    for (const batch of selection.batches())
      await csv.write(
        batch.map((l) => [
          l.kind,
          l.kind === "device" ? l.target : "",
          l.kind === "user" ? l.target : "",
          l.adamId,
          l.pricingParam,
          l.reason,
          l.leftOut ? "stays (Apple cannot take it back)" : action,
          prices.get(l.adamId)?.amount ?? "",
          prices.get(l.adamId)?.currency ?? "",
        ]),
      );
    await csv.end();
  });

  // Reclaims: frozen take-backs.
  r.post(
    "/locations/:id/reclaim/rules/:ruleId/reclaims",
    requireRole("admin"),
    express.json(),
    async (req, res) => {
      const input = validate(reclaimInputSchema, req.body);
      res.status(201).json(await reclaim.create(loc(req), String(req.params.ruleId), input, actor(res)));
    },
  );
  r.get("/locations/:id/reclaims", (req, res) => void res.json({ items: reclaim.list(loc(req)) }));
  r.get("/locations/:id/reclaims/:reclaimId", (req, res) => {
    res.json(reclaim.view(loc(req), String(req.params.reclaimId)));
  });
  r.get("/locations/:id/reclaims/:reclaimId/items.csv", async (req, res) => {
    const location = locations.get(String(req.params.id));
    const rc = reclaim.view(location.id, String(req.params.reclaimId));
    const csv = new CsvDownload(res, exportFilename(`reclaim-frozen-${rc.ruleName}`, location.locationName), [
      "kind",
      "serialNumber",
      "clientUserId",
      "adamId",
      "pricingParam",
    ]);
    const items = reclaim.reclaims.items(rc.id);
    for (let i = 0; i < items.length; i += 5000)
      await csv.write(
        items
          .slice(i, i + 5000)
          .map((l) => [
            l.kind,
            l.kind === "device" ? l.target : "",
            l.kind === "user" ? l.target : "",
            l.adamId,
            l.pricingParam,
          ]),
      );
    await csv.end();
  });
  r.post("/locations/:id/reclaims/:reclaimId/approve", requireRole("admin"), async (req, res) => {
    res.json(await reclaim.approve(loc(req), String(req.params.reclaimId), actor(res)));
  });
  r.post("/locations/:id/reclaims/:reclaimId/cancel", requireRole("admin"), (req, res) => {
    res.json(reclaim.cancel(loc(req), String(req.params.reclaimId), actor(res)));
  });
  return r;
}
