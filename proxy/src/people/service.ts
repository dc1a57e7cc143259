import type { ServiceConfigCache } from "../apple/service-config.js";
import type { AuditLog } from "../audit/audit.js";
import { ApiError } from "../http/errors.js";
import { isActiveUser } from "../contract/index.js";
import type { AppleState, JobSnapshot, PersonView, RosterPreview } from "../api-types.js";
import { resultRows } from "../jobs/results.js";
import type { JobService } from "../jobs/service.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import { currentOf } from "../sync/copy-reads.js";
import { PeopleDirectory, type Person } from "./directory.js";
import { readRoster, type RosterPerson } from "./roster.js";

export interface Invitation {
  clientUserId: string;
  email: string | null;
  name: string;
  link: string;
}

/** Apple's invitation link for a user: the service config's invitationEmail URL with the inviteCode. */
export function invitationLink(template: string | undefined, inviteCode: string): string | undefined {
  if (!template) return undefined;
  return template.replace(/%25inviteCode%25|%inviteCode%/g, encodeURIComponent(inviteCode));
}

/** People, not UUIDs: the directory, roster imports, registration, invitations. */
export class PeopleService {
  readonly directory: PeopleDirectory;

  constructor(
    private readonly deps: {
      db: Db;
      locations: LocationService;
      jobs: JobService;
      serviceConfig: ServiceConfigCache;
      audit: AuditLog;
    },
  ) {
    this.directory = new PeopleDirectory(deps.db);
  }

  /** Apple's current state of each clientUserId, from the copy (the active entry wins). */
  appleStates(locationId: string): Map<string, AppleState> {
    const c = currentOf(this.deps.db, locationId);
    const out = new Map<string, AppleState>();
    const rows = this.deps.db
      .prepare("SELECT client_user_id, status FROM copy_users WHERE loc = ? AND gen = ?")
      .all(c.loc, c.gen) as { client_user_id: string; status: NonNullable<AppleState> }[];
    for (const r of rows) if (!isActiveUser(out.get(r.client_user_id))) out.set(r.client_user_id, r.status);
    return out;
  }

  /** A roster read against Apple's users: who is new, who is registered already, what is wrong. */
  previewRoster(locationId: string, csv: string): RosterPreview {
    this.deps.locations.get(locationId);
    const c = currentOf(this.deps.db, locationId);
    const byEmail = this.deps.db.prepare(
      `SELECT client_user_id FROM copy_users WHERE loc = ? AND gen = ? AND email = ? COLLATE NOCASE
       AND status IN ('Registered', 'Associated') LIMIT 1`,
    );
    const roster = readRoster(csv, locationId, (email) => {
      const r = byEmail.get(c.loc, c.gen, email) as { client_user_id: string } | undefined;
      return r?.client_user_id;
    });
    const states = this.appleStates(locationId);
    const people = roster.people.map((p) => ({ ...p, apple: states.get(p.clientUserId) ?? null }));
    const toRegister = people.filter((p) => !isActiveUser(p.apple)).length;
    return { ...roster, people, toRegister, synced: c.gen > 0 };
  }

  /**
   * Save people to the directory and (unless directoryOnly) register with Apple those not active
   * there yet, as one job chunked by Apple's maxUsers. Returns the job, if one was needed.
   */
  async register(
    locationId: string,
    people: Omit<RosterPerson, "line" | "idFrom">[],
    actor: string,
    opts: { directoryOnly?: boolean | undefined; confirmOtherMdm?: boolean | undefined },
  ) {
    this.deps.locations.get(locationId);
    const states = this.appleStates(locationId);
    const send = opts.directoryOnly ? [] : people.filter((p) => !isActiveUser(states.get(p.clientUserId)));
    // Planned (and so checked) before anything is saved: a refused job changes nothing.
    const job = send.length
      ? await this.deps.jobs.create(
          locationId,
          {
            type: "create-users",
            users: send.map((p) => ({
              clientUserId: p.clientUserId,
              ...(p.email ? { email: p.email } : {}),
              ...(p.managedAppleId ? { managedAppleId: p.managedAppleId } : {}),
            })),
            confirmOtherMdm: opts.confirmOtherMdm,
          },
          actor,
        )
      : undefined;
    this.directory.upsert(locationId, people, opts.directoryOnly ? "imported" : "registered");
    this.deps.audit.record(
      actor,
      opts.directoryOnly ? "people.import" : "people.register",
      locationId,
      "ok",
      {
        people: people.length,
        sent: send.length,
        ...(job ? { jobId: job.id } : {}),
      },
    );
    return { saved: people.length, sent: send.length, job: job ?? null };
  }

  /** A finished update: the new e-mails and managed Apple IDs Apple confirmed go into the directory. */
  applyJob(s: JobSnapshot): void {
    if (s.type !== "update-users") return;
    const sent = new Map((s.request.users ?? []).map((u) => [u.clientUserId, u]));
    for (const row of resultRows(s)) {
      const [, , , clientUserId, result] = row;
      const u = sent.get(String(clientUserId));
      if (!u || (result !== "done" && result !== "verified")) continue;
      this.directory.setContact(s.locationId, u.clientUserId, u.email ?? null, u.managedAppleId ?? null);
    }
  }

  /** A person as the console knows them: directory entry, Apple's state, invitation link. */
  async person(locationId: string, clientUserId: string): Promise<PersonView> {
    this.deps.locations.get(locationId);
    const entry: Person | undefined = this.directory.get(locationId, clientUserId);
    const c = currentOf(this.deps.db, locationId);
    const apple = this.deps.db
      .prepare(
        `SELECT status, email, invite_code FROM copy_users WHERE loc = ? AND gen = ? AND client_user_id = ?`,
      )
      .get(c.loc, c.gen, clientUserId) as
      { status: string; email: string | null; invite_code: string | null } | undefined;
    if (!entry && !apple) throw new ApiError(404, "PERSON_NOT_FOUND", "No such person in this location.");
    const link =
      apple?.status === "Registered" && apple.invite_code
        ? invitationLink(await this.invitationTemplate(locationId), apple.invite_code)
        : undefined;
    return {
      person: entry ?? null,
      apple: apple ? { status: apple.status, email: apple.email } : null,
      invitation: link ?? null,
    };
  }

  /** Everyone invited who has not accepted yet (Registered, with an invite code), for a mail merge. */
  async invitations(locationId: string): Promise<Invitation[]> {
    this.deps.locations.get(locationId);
    const template = await this.invitationTemplate(locationId);
    const c = currentOf(this.deps.db, locationId);
    const rows = this.deps.db
      .prepare(
        `SELECT u.client_user_id, coalesce(u.email, p.email) AS email, coalesce(p.name, '') AS name, u.invite_code
         FROM copy_users u LEFT JOIN people p ON p.location_id = ? AND p.client_user_id = u.client_user_id
         WHERE u.loc = ? AND u.gen = ? AND u.status = 'Registered' AND u.invite_code IS NOT NULL
         ORDER BY name COLLATE NOCASE, u.client_user_id`,
      )
      .all(locationId, c.loc, c.gen) as {
      client_user_id: string;
      email: string | null;
      name: string;
      invite_code: string;
    }[];
    return rows.map((r) => ({
      clientUserId: r.client_user_id,
      email: r.email,
      name: r.name,
      link: invitationLink(template, r.invite_code) ?? "",
    }));
  }

  private async invitationTemplate(locationId: string): Promise<string | undefined> {
    const t = this.deps.locations.target(locationId);
    try {
      return (await this.deps.serviceConfig.get(t.baseUrl)).urls?.invitationEmail;
    } catch {
      return this.deps.serviceConfig.peek(t.baseUrl)?.urls?.invitationEmail;
    }
  }
}
