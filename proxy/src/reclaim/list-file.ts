import type { ListKind, ListPreview, ListProblem } from "../contract/reclaim.js";
import { emailProblem } from "../contract/index.js";
import { ApiError } from "../http/errors.js";
import { csvRecords } from "./csv-records.js";

export const MAX_LIST_LINES = 500_000;
const SHOWN_PROBLEMS = 200;

const norm = (h: string) => h.toLowerCase().replace(/[\s_.\-/]/g, "");
/** Serial columns of Jamf Pro, Intune, Kandji, Mosyle and Apple School / Business Manager exports. */
const isSerialHeader = (h: string) => /serial/.test(norm(h));
const isSeenHeader = (h: string) =>
  /^last/.test(norm(h)) && /(checkin|seen|sync|contact|inventory|report|connect)/.test(norm(h));
const ID_HEADERS = new Set(["clientuserid", "userid", "studentid", "personid", "sourcedid", "id"]);
const EMAIL_HEADERS = new Set(["email", "emailaddress", "mail", "managedappleid"]);

/** Serial numbers as Apple keeps them: trimmed and upper-case. */
export const normalSerial = (s: string) => s.trim().toUpperCase();
const SERIAL = /^[A-Z0-9-]{4,40}$/;

/** A roster's key: the clientUserId, or the e-mail in lower case. */
export const idKey = (clientUserId: string) => `id:${clientUserId}`;
export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;

export interface ListFile {
  preview: ListPreview;
  /** key → last seen (epoch ms) or null. */
  entries: Map<string, number | null>;
}

/**
 * A check-in date as MDM exports write it: ISO (2026-11-02, 2026-11-02 14:03:00, with a zone or
 * not: then UTC), or US month/day/year with an optional time and AM/PM (Intune, Jamf).
 */
export function parseSeen(raw: string): number | undefined {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const iso = s.replace(" ", "T");
    const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) || iso.length <= 10 ? iso : `${iso}Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
    s,
  );
  if (!us) return undefined;
  const [, mo, d, y, h = "0", mi = "0", sec = "0", ampm] = us;
  let hour = Number(h);
  if (ampm) hour = (hour % 12) + (/p/i.test(ampm) ? 12 : 0);
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(sec));
  return Number.isNaN(t) || Number(mo) > 12 || Number(d) > 31 ? undefined : t;
}

function pickColumn(headers: string[], wanted: string | undefined, guess: (h: string) => boolean) {
  if (wanted !== undefined) {
    const i = headers.findIndex((h) => h === wanted);
    if (i < 0)
      throw new ApiError(
        400,
        "UNKNOWN_COLUMN",
        `The file has no column "${wanted}"; its columns are ${headers.map((h) => `"${h}"`).join(", ")}.`,
      );
    return i;
  }
  return headers.findIndex(guess);
}

/**
 * An inventory (serial numbers, optionally when each was last seen) or a roster (clientUserIds
 * and / or e-mails) read from an MDM's or a school system's CSV export: the columns detected from
 * the header row or named by the user, bad lines listed with their numbers.
 */
export function readListFile(
  text: string,
  kind: ListKind,
  choose: { keyColumn?: string | undefined; seenColumn?: string | undefined } = {},
): ListFile {
  const { rows, broken } = csvRecords(text);
  if (rows.length > MAX_LIST_LINES + 1)
    throw new ApiError(
      400,
      "LIST_TOO_LONG",
      `At most ${MAX_LIST_LINES.toLocaleString("en-US")} lines per file; split it.`,
    );
  const headers = rows[0]?.cells ?? [];
  if (headers.length === 0) throw new ApiError(400, "EMPTY_LIST", "The file is empty.");
  const problems: ListProblem[] = [...broken];
  const entries = new Map<string, number | null>();
  let keyColumn: string;
  let seenColumn: string | null = null;

  if (kind === "inventory") {
    const k = pickColumn(headers, choose.keyColumn, isSerialHeader);
    if (k < 0)
      throw new ApiError(
        400,
        "NO_SERIAL_COLUMN",
        `No column of serial numbers was recognised; choose one of ${headers.map((h) => `"${h}"`).join(", ")}.`,
      );
    const s = choose.seenColumn === "" ? -1 : pickColumn(headers, choose.seenColumn, isSeenHeader);
    keyColumn = headers[k] as string;
    seenColumn = s >= 0 ? (headers[s] as string) : null;
    for (const { line, cells } of rows.slice(1)) {
      const serial = normalSerial(cells[k] ?? "");
      if (!serial) {
        problems.push({ line, message: "no serial number" });
        continue;
      }
      if (!SERIAL.test(serial)) {
        problems.push({ line, message: `"${serial.slice(0, 40)}" is not a serial number` });
        continue;
      }
      let seen: number | null = null;
      if (s >= 0 && (cells[s] ?? "") !== "") {
        const t = parseSeen(cells[s] ?? "");
        if (t === undefined)
          problems.push({ line, message: `last seen "${(cells[s] ?? "").slice(0, 40)}" is not a date` });
        else seen = t;
      }
      // A serial listed twice: the latest check-in counts.
      const before = entries.get(serial);
      entries.set(serial, before == null ? seen : seen === null ? before : Math.max(before, seen));
    }
  } else {
    const named = choose.keyColumn !== undefined ? pickColumn(headers, choose.keyColumn, () => false) : -1;
    const id = named >= 0 ? named : headers.findIndex((h) => ID_HEADERS.has(norm(h)));
    const mail = headers.findIndex((h, i) => i !== id && EMAIL_HEADERS.has(norm(h)));
    if (id < 0 && mail < 0)
      throw new ApiError(
        400,
        "NO_PERSON_COLUMN",
        `No clientUserId or e-mail column was recognised; choose one of ${headers.map((h) => `"${h}"`).join(", ")}.`,
      );
    keyColumn = [id, mail]
      .filter((i) => i >= 0)
      .map((i) => headers[i])
      .join(" + ");
    const idIsEmail = id >= 0 && EMAIL_HEADERS.has(norm(headers[id] ?? ""));
    for (const { line, cells } of rows.slice(1)) {
      const v = id >= 0 ? (cells[id] ?? "") : "";
      const e = mail >= 0 ? (cells[mail] ?? "") : "";
      if (!v && !e) {
        problems.push({ line, message: "no clientUserId and no e-mail" });
        continue;
      }
      for (const email of [idIsEmail ? v : "", e].filter(Boolean)) {
        const bad = emailProblem(email);
        if (bad) problems.push({ line, message: `${email}: ${bad}` });
        else entries.set(emailKey(email), null);
      }
      if (v && !idIsEmail) entries.set(idKey(v), null);
    }
  }
  const sample = [...entries].slice(0, 10).map(([key, seen]) => ({
    key,
    seenAt: seen === null ? null : new Date(seen).toISOString(),
  }));
  return {
    entries,
    preview: {
      kind,
      columns: headers,
      keyColumn,
      seenColumn,
      entries: entries.size,
      sample,
      problems: problems.sort((a, b) => a.line - b.line).slice(0, SHOWN_PROBLEMS),
      moreProblems: Math.max(0, problems.length - SHOWN_PROBLEMS),
    },
  };
}
