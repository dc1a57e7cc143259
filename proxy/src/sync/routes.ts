import express, { type Router } from "express";
import {
  assignmentQuerySchema,
  searchQuerySchema,
  syncRequestSchema,
  userQuerySchema,
} from "../contract/schemas.js";
import { validate } from "../http/validate.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import { searchAll, summarise } from "./across.js";
import { listAssets, listAssignments } from "./copy-reads.js";
import { listUsers } from "../people/list-users.js";
import type { SyncService } from "./service.js";

/** Reads from the copy (assets, assignments, users, search, all locations) and the sync itself. */
export function copyRoutes(deps: { db: Db; locations: LocationService; sync: SyncService }): Router {
  const { db, locations, sync } = deps;
  const r = express.Router();
  const known = (id: unknown) => {
    const locationId = String(id);
    locations.get(locationId);
    return locationId;
  };

  r.get("/locations/:id/assets", (req, res) => void res.json(listAssets(db, known(req.params.id))));
  r.get("/locations/:id/assignments", (req, res) => {
    const id = known(req.params.id);
    res.json(listAssignments(db, id, validate(assignmentQuerySchema, req.query)));
  });
  r.get("/locations/:id/users", (req, res) => {
    const id = known(req.params.id);
    res.json(listUsers(db, id, validate(userQuerySchema, req.query)));
  });

  r.get("/locations/:id/sync", (req, res) => void res.json(sync.status(known(req.params.id))));
  // Refresh only reads Apple, so a viewer may ask for it too.
  r.post("/locations/:id/sync", express.json({ limit: "1kb" }), (req, res) => {
    const id = known(req.params.id);
    const body = validate(syncRequestSchema, req.body ?? {});
    sync.request(id, body.full ? "full" : "delta");
    res.status(202).json(sync.status(id));
  });

  r.get("/search", (req, res) => {
    const q = validate(searchQuerySchema, req.query);
    res.json({ items: searchAll(db, q.q, q.limit) });
  });
  r.get("/overview", (_req, res) => {
    res.json(locations.list().map((l) => summarise(db, l, sync.status(l.id))));
  });
  return r;
}
