import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { ApiError } from "../http/errors.js";
import type { RosterPerson, RosterPreview, RosterProblem } from "../api-types.js";
import { emailProblem } from "../contract/index.js";

export type { RosterPerson, RosterProblem };

/** A roster as read from the file, before it is compared with Apple's users. */
export type Roster = Omit<RosterPreview, "people" | "toRegister" | "synced"> & { people: RosterPerson[] };

type Field = "clientUserId" | "email" | "name" | "firstName" | "lastName" | "managedAppleId" | "groups";

const norm = (h: string) => h.toLowerCase().replace(/[\s_.-]/g, "");
const HEADERS: Record<string, Field> = {
  clientuserid: "clientUserId",
  userid: "clientUserId",
  studentid: "clientUserId",
  personid: "clientUserId",
  sourcedid: "clientUserId",
  id: "clientUserId",
  email: "email",
  emailaddress: "email",
  mail: "email",
  name: "name",
  displayname: "name",
  fullname: "name",
  firstname: "firstName",
  givenname: "firstName",
  lastname: "lastName",
  surname: "lastName",
  familyname: "lastName",
  managedappleid: "managedAppleId",
  appleid: "managedAppleId",
  group: "groups",
  groups: "groups",
  class: "groups",
  classes: "groups",
  year: "groups",
  grade: "groups",
  homeroom: "groups",
  department: "groups",
};
/** Without a header row: e-mail, name, then groups. */
const BY_POSITION: Field[] = ["email", "name", "groups"];
export const MAX_ROSTER_LINES = 100_000;

/** A clientUserId made from the e-mail, the same on every import of the location's roster. */
export function generatedUserId(locationId: string, email: string): string {
  const h = crypto.createHash("sha256").update(`${locationId}\n${email.toLowerCase()}`).digest("hex");
  return `vc-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function records(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].find((d) => firstLine.includes(d)) ?? ",";
  try {
    return parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      trim: true,
      skip_empty_lines: false,
    });
  } catch (err) {
    throw new ApiError(
      400,
      "BAD_CSV",
      `The roster is not readable CSV: ${err instanceof Error ? err.message : String(err)}. Nothing was imported.`,
    );
  }
}

/**
 * A roster CSV read into people: header row detected (or e-mail, name, groups by position), groups
 * split on ";" or "|", clientUserIds taken from the file, else from Apple's user with the same
 * e-mail, else made from the e-mail. Bad and duplicate lines are listed with their line number.
 */
export function readRoster(
  text: string,
  locationId: string,
  appleIdOfEmail: (email: string) => string | undefined,
): Roster {
  const rows = records(text);
  if (rows.length > MAX_ROSTER_LINES + 1)
    throw new ApiError(
      400,
      "ROSTER_TOO_LONG",
      `At most ${MAX_ROSTER_LINES.toLocaleString("en-US")} people per roster; split the file.`,
    );
  const head = (rows[0] ?? []).map(norm);
  const header = head.some((h) => HEADERS[h] !== undefined);
  const fieldAt: (Field | undefined)[] = header ? head.map((h) => HEADERS[h]) : BY_POSITION;
  const columns: Roster["columns"] = {};
  fieldAt.forEach((f, i) => {
    if (f && !columns[f]) columns[f] = header ? (rows[0]?.[i] ?? "") : "by position";
  });
  if (header && !columns.email && !columns.clientUserId)
    throw new ApiError(
      400,
      "ROSTER_COLUMNS",
      "The roster has no e-mail or clientUserId column. Nothing was imported.",
    );
  const people: RosterPerson[] = [];
  const problems: RosterProblem[] = [];
  const seenId = new Map<string, number>();
  const seenEmail = new Map<string, number>();
  rows.slice(header ? 1 : 0).forEach((cells, i) => {
    const line = i + (header ? 2 : 1);
    if (cells.every((c) => c === "")) return;
    const get = (f: Field) => cells.filter((_, j) => fieldAt[j] === f).find((c) => c !== "") ?? "";
    const email = get("email");
    const name = get("name") || [get("firstName"), get("lastName")].filter(Boolean).join(" ");
    const groups = [
      ...new Set(
        cells
          .flatMap((c, j) => (fieldAt[j] === "groups" ? c.split(/[;|]/).map((g) => g.trim()) : []))
          .filter(Boolean),
      ),
    ];
    const problem = email ? emailProblem(email) : undefined;
    if (problem) return void problems.push({ line, message: `${email}: ${problem}` });
    let clientUserId = get("clientUserId");
    let idFrom: RosterPerson["idFrom"] = "file";
    if (!clientUserId) {
      if (!email) return void problems.push({ line, message: "no e-mail and no clientUserId" });
      const known = appleIdOfEmail(email);
      clientUserId = known ?? generatedUserId(locationId, email);
      idFrom = known ? "apple" : "generated";
    }
    if (clientUserId.length > 256 || /\s/.test(clientUserId))
      return void problems.push({
        line,
        message: `clientUserId "${clientUserId.slice(0, 40)}" has spaces or is over 256 characters`,
      });
    const dupEmail = email ? seenEmail.get(email.toLowerCase()) : undefined;
    if (dupEmail !== undefined)
      return void problems.push({ line, message: `${email} is already on line ${dupEmail}` });
    const dupId = seenId.get(clientUserId);
    if (dupId !== undefined)
      return void problems.push({
        line,
        message: `clientUserId ${clientUserId} is already on line ${dupId}`,
      });
    seenId.set(clientUserId, line);
    if (email) seenEmail.set(email.toLowerCase(), line);
    people.push({
      line,
      clientUserId,
      idFrom,
      email: email || null,
      name,
      managedAppleId: get("managedAppleId") || null,
      groups,
    });
  });
  return { people, problems, columns, header };
}
