import express, { type Router } from "express";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { ApiError } from "../http/errors.js";
import type { MetadataService } from "../metadata/service.js";
import { parseIds } from "../metadata/service.js";
import type { LocationService } from "./service.js";
import { MAX_TOKEN_BYTES } from "./token.js";

export function locationRoutes(deps: { locations: LocationService; metadata: MetadataService }): Router {
  const { locations, metadata } = deps;
  const r = express.Router();

  r.get("/locations", (_req, res) => void res.json(locations.list()));
  r.get("/locations/:id", (req, res) => void res.json(locations.get(String(req.params.id))));

  r.post(
    "/locations",
    requireRole("admin"),
    express.text({ type: () => true, limit: MAX_TOKEN_BYTES }),
    async (req, res) => {
      const actor = requireAccount(res);
      if (typeof req.body !== "string") {
        throw new ApiError(400, "TOKEN_MISSING", "Send the .vpptoken file's text as the request body.");
      }
      const { location, renewed } = await locations.add(req.body, actor.username);
      res.status(renewed ? 200 : 201).json({ ...location, renewed });
    },
  );

  r.post("/locations/sandbox", requireRole("admin"), async (_req, res) => {
    const actor = requireAccount(res);
    const { location, created } = await locations.addSandbox(actor.username);
    res.status(created ? 201 : 200).json(location);
  });

  r.post("/locations/:id/claim", requireRole("admin"), async (req, res) => {
    const actor = requireAccount(res);
    res.json(await locations.claim(String(req.params.id), actor.username));
  });

  r.delete("/locations/:id", requireRole("admin"), (req, res) => {
    const actor = requireAccount(res);
    locations.remove(String(req.params.id), actor.username);
    res.status(204).end();
  });

  r.get("/locations/:id/metadata", async (req, res) => {
    res.setHeader("Cache-Control", "private, max-age=300");
    res.json(await metadata.get(String(req.params.id), parseIds(req.query.ids)));
  });
  r.get("/locations/:id/icons/:adamId", async (req, res) => {
    const adamId = String(req.params.adamId);
    if (!/^\d{1,20}$/.test(adamId)) throw new ApiError(400, "INVALID_IDS", "An adamId is digits only.");
    const icon = await metadata.icon(String(req.params.id), adamId);
    if (!icon) throw new ApiError(404, "NO_ICON", "Apple has no icon for this app or book.");
    res.setHeader("Cache-Control", "private, max-age=86400");
    res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.type(icon.type).send(icon.body);
  });
  return r;
}
