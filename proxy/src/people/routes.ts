import express, { type Router } from "express";
import { requireAccount, requireRole } from "../auth/middleware.js";
import { registerPeopleSchema, retirePeopleSchema } from "../contract/schemas.js";
import { CsvDownload, exportFilename } from "../export/csv.js";
import { ApiError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import type { JobService } from "../jobs/service.js";
import type { LocationService } from "../locations/service.js";
import type { PeopleService } from "./service.js";

const MAX_ROSTER_BYTES = 20 * 1024 * 1024;

/** People: roster preview, registration, retirement, groups, a person, pending invitations. */
export function peopleRoutes(deps: {
  people: PeopleService;
  jobs: JobService;
  locations: LocationService;
}): Router {
  const { people, jobs, locations } = deps;
  const r = express.Router();
  const id = (req: express.Request) => String(req.params.id);

  // The roster as the file is (CSV text); nothing is saved or sent.
  r.post(
    "/locations/:id/people/roster",
    requireRole("admin"),
    express.text({ type: () => true, limit: MAX_ROSTER_BYTES }),
    (req, res) => {
      if (typeof req.body !== "string" || req.body.trim() === "")
        throw new ApiError(400, "EMPTY_ROSTER", "The roster is empty: send the CSV file's text.");
      res.json(people.previewRoster(id(req), req.body));
    },
  );

  r.post("/locations/:id/people", requireRole("admin"), express.json({ limit: "20mb" }), async (req, res) => {
    const body = validate(registerPeopleSchema, req.body);
    const list = body.people.map((p) => ({
      clientUserId: p.clientUserId,
      email: p.email ?? null,
      name: p.name ?? "",
      managedAppleId: p.managedAppleId ?? null,
      groups: [...new Set(p.groups ?? [])],
    }));
    const out = await people.register(id(req), list, requireAccount(res).username, {
      directoryOnly: body.directoryOnly,
      confirmOtherMdm: body.confirmOtherMdm,
    });
    res.status(out.job ? 202 : 200).json(out);
  });

  r.post(
    "/locations/:id/people/retire",
    requireRole("admin"),
    express.json({ limit: "8mb" }),
    async (req, res) => {
      const body = validate(retirePeopleSchema, req.body);
      const job = await jobs.create(
        id(req),
        {
          type: "retire-users",
          clientUserIds: body.clientUserIds,
          revokeLicences: body.revokeLicences,
          confirmOtherMdm: body.confirmOtherMdm,
        },
        requireAccount(res).username,
      );
      res.status(202).json(job);
    },
  );

  r.get("/locations/:id/people/groups", (req, res) => {
    locations.get(id(req));
    res.json({ items: people.directory.groups(id(req)) });
  });
  r.get("/locations/:id/people/groups/:group", (req, res) => {
    locations.get(id(req));
    res.json({
      group: String(req.params.group),
      clientUserIds: people.directory.members(id(req), String(req.params.group)),
    });
  });

  r.get("/locations/:id/people/invitations.csv", async (req, res) => {
    const location = locations.get(id(req));
    const rows = await people.invitations(location.id);
    const csv = new CsvDownload(res, exportFilename("pending-invitations", location.locationName), [
      "name",
      "email",
      "clientUserId",
      "invitationLink",
    ]);
    await csv.write(rows.map((i) => [i.name, i.email ?? "", i.clientUserId, i.link]));
    await csv.end();
  });

  r.get("/locations/:id/people/:clientUserId", async (req, res) => {
    res.json(await people.person(id(req), String(req.params.clientUserId)));
  });
  return r;
}
