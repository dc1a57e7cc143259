import express, { type Router } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import type { GetAssignmentsResponse, GetUsersResponse, ResponseAsset } from "../apple/types.js";
import { UNLIMITED_COUNT } from "../apple/types.js";
import { allAssets, walkApplePages, type WalkResult } from "../apple/pages.js";
import { ApiError, toApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { LocationService } from "../locations/service.js";
import type { MetadataService } from "../metadata/service.js";
import type { Db } from "../store/db.js";
import type { CopyStore } from "../sync/copy-store.js";
import { PeopleDirectory } from "../people/directory.js";
import { ASSIGNMENT_COLUMNS, exportAssignmentsFromCopy, hasCopy } from "./copy-export.js";
import { assignmentsKind, CsvDownload, exportFilename } from "./csv.js";

export const assignmentExportQuerySchema = z.object({
  adamId: z
    .string()
    .regex(/^\d{1,20}$/, "adamId must be digits")
    .optional(),
  pricingParam: z.enum(["STDQ", "PLUS"]).optional(),
  serialNumber: z.string().min(1).max(200).optional(),
  clientUserId: z.string().min(1).max(256).optional(),
  /** The console's copy (no request to Apple) or fresh from Apple; the copy when there is one. */
  source: z.enum(["copy", "apple"]).optional(),
});

/** The table's visible rows, in order: a form POST body (a key list can outgrow any URL). */
export const assetSelectionSchema = z.object({
  keys: z
    .string()
    .max(3_000_000, "at most 100,000 keys")
    .regex(
      /^(\d{1,20}:(STDQ|PLUS))(,\d{1,20}:(STDQ|PLUS))*$/,
      "keys are adamId:pricingParam, separated by commas",
    )
    .optional(),
});

/** With `node --expose-gc` (how `pnpm start` runs the proxy), long exports collect garbage as they go. */
const collect = (globalThis as { gc?: () => void }).gc;
const GC_EVERY_PAGES = 50;

const CHANGED =
  "NOTE: Apple's data changed while this file was being exported, so rows may be missing or repeated. Export again for a consistent list.";

export function exportRoutes(deps: {
  db: Db;
  copy: CopyStore;
  locations: LocationService;
  metadata: MetadataService;
  logger: Logger;
}): Router {
  const { locations, metadata } = deps;
  const r = express.Router();

  /** Refusals that can still be answered in words, before any byte of the file is sent. */
  const ready = (id: string) => {
    const t = locations.usableTarget(id, "nothing can be exported");
    const held = t.gate.heldFor();
    if (held > 0)
      throw new ApiError(
        503,
        "APPLE_HOLD",
        `Apple asked us to wait ${held} s before calling again for this location.`,
        undefined,
        held,
      );
    return t;
  };

  r.get("/locations/:id/export/preflight", (req, res) => {
    ready(String(req.params.id));
    res.status(204).end();
  });

  r.get("/locations/:id/export/assignments.csv", async (req, res) => {
    const id = String(req.params.id);
    const { source, ...q } = validate(assignmentExportQuerySchema, req.query);
    if (source !== "apple" && hasCopy(deps.db, id)) {
      const location = locations.get(id);
      const names = await metadata.get(id, [...new Set(deps.copy.adamIds(id))]).catch(() => ({}));
      return exportAssignmentsFromCopy(deps.db, res, id, location.locationName, names, q);
    }
    const t = ready(id);
    // Everything that can fail in words happens before the download starts.
    const assets = await allAssets(t);
    const byKey = new Map(assets.map((a) => [`${a.adamId}:${a.pricingParam}`, a]));
    const names = await metadata
      .get(id, [...new Set(assets.map((a) => a.adamId))])
      .catch(() => ({}) as Record<string, { name: string }>);
    const emails = new Map<string, string>();
    if (!q.serialNumber) {
      const usersWalk: WalkResult = { versionIds: new Set(), truncated: false };
      const query: Record<string, string> = q.clientUserId ? { clientUserId: q.clientUserId } : {};
      for await (const page of walkApplePages<GetUsersResponse>(t, "users", query, usersWalk)) {
        for (const u of page.users)
          if (
            u.email &&
            (u.status === "Registered" || u.status === "Associated" || !emails.has(u.clientUserId))
          )
            emails.set(u.clientUserId, u.email);
      }
    }

    const people = new PeopleDirectory(deps.db).names(id);
    const csv = new CsvDownload(
      res,
      exportFilename(
        assignmentsKind(
          q,
          q.adamId ? (names as Record<string, { name: string }>)[q.adamId]?.name : undefined,
        ),
        t.location.locationName,
      ),
      ASSIGNMENT_COLUMNS,
    );
    const walk: WalkResult = { versionIds: new Set(), truncated: false };
    const query: Record<string, string> = { includeUserState: "true" };
    for (const [k, v] of Object.entries(q)) if (v !== undefined) query[k] = v;
    try {
      let pages = 0;
      for await (const page of walkApplePages<GetAssignmentsResponse>(t, "assignments", query, walk)) {
        // Pages are short-lived garbage; without this V8 lets ~100 MB of it pile up before collecting.
        if (collect && ++pages % GC_EVERY_PAGES === 0) collect();
        await csv.write(
          page.assignments.map((a) => [
            a.adamId,
            (names as Record<string, { name: string }>)[a.adamId]?.name ?? "",
            byKey.get(`${a.adamId}:${a.pricingParam}`)?.productType ?? "",
            a.pricingParam,
            a.serialNumber !== undefined ? "device" : "user",
            a.serialNumber ?? "",
            a.clientUserId ?? "",
            a.userStatus ?? "",
            a.clientUserId ? (emails.get(a.clientUserId) ?? "") : "",
            a.clientUserId ? (people.get(a.clientUserId) ?? "") : "",
          ]),
        );
      }
      if (walk.versionIds.size > 1 || walk.truncated) await csv.write([[CHANGED]]);
      await csv.end();
    } catch (err) {
      const known = toApiError(err);
      deps.logger.warn({ locationId: id, rows: csv.rows, code: known?.code }, "export stopped");
      csv.fail(known?.message ?? "the export stopped unexpectedly");
    }
  });

  // GET: every asset; POST (a form, so the browser downloads it): the rows named in `keys`.
  r.get("/locations/:id/export/assets.csv", (req, res) =>
    exportAssets(String(req.params.id), undefined, res),
  );
  r.post(
    "/locations/:id/export/assets.csv",
    express.urlencoded({ extended: false, limit: "4mb", parameterLimit: 10 }),
    (req, res) =>
      exportAssets(String(req.params.id), validate(assetSelectionSchema, req.body ?? {}).keys, res),
  );

  async function exportAssets(id: string, keys: string | undefined, res: express.Response): Promise<void> {
    const t = ready(id);
    const assets = await allAssets(t);
    const names = await metadata
      .get(id, [...new Set(assets.map((a) => a.adamId))])
      .catch(() => ({}) as Record<string, { name: string }>);
    const byKey = new Map(assets.map((a) => [`${a.adamId}:${a.pricingParam}`, a]));
    const rows = keys
      ? keys.split(",").flatMap((k) => (byKey.has(k) ? [byKey.get(k) as ResponseAsset] : []))
      : assets;
    const csv = new CsvDownload(res, exportFilename("assets", t.location.locationName), [
      "adamId",
      "name",
      "productType",
      "pricingParam",
      "platforms",
      "totalCount",
      "assignedCount",
      "availableCount",
      "retiredCount",
      "deviceAssignable",
      "revocable",
    ]);
    await csv.write(
      rows.map((a) => {
        const unlimited = a.totalCount >= UNLIMITED_COUNT;
        return [
          a.adamId,
          (names as Record<string, { name: string }>)[a.adamId]?.name ?? "",
          a.productType,
          a.pricingParam,
          a.supportedPlatforms.join(" "),
          unlimited ? "unlimited" : a.totalCount,
          a.assignedCount,
          unlimited ? "unlimited" : a.availableCount,
          a.retiredCount,
          a.deviceAssignable,
          a.revocable,
        ];
      }),
    );
    await csv.end();
  }
  return r;
}
