import { parse } from "csv-parse/browser/esm/sync";

export type TargetKind = "serialNumbers" | "clientUserIds";

export interface ParsedTargets {
  targets: string[];
  /** Lines that could not be used, with their line number (1-based) and why. */
  invalid: { line: number; value: string; reason: string }[];
  duplicates: number;
  headerSkipped: boolean;
}

const HEADER =
  /^(serial(\s*number)?s?|serialnumbers?|client\s*user\s*ids?|clientuserids?|users?|user\s*ids?|devices?)$/i;
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

function check(kind: TargetKind, value: string): string | undefined {
  if (kind === "serialNumbers") {
    return SERIAL.test(value) ? undefined : "not a serial number (letters and digits, 3–64 characters)";
  }
  if (value.length > 256) return "longer than 256 characters";
  // eslint-disable-next-line no-control-regex
  return /[\s\u0000-\u001f]/.test(value) ? "contains spaces or control characters" : undefined;
}

/**
 * Serial numbers or clientUserIds from pasted text or a CSV / TXT file: one per line or
 * comma / semicolon / tab separated, with or without a header row, quoted or not. Blank lines are
 * ignored, serial numbers upper-cased, duplicates dropped, bad values listed with their line number.
 */
export function parseTargets(text: string, kind: TargetKind): ParsedTargets {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].find((d) => firstLine.includes(d)) ?? ",";
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
  } catch (err) {
    return {
      targets: [],
      invalid: [
        {
          line: 1,
          value: "",
          reason: `the file is not readable CSV: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
      duplicates: 0,
      headerSkipped: false,
    };
  }
  const header = records[0]?.map((h) => h.trim()) ?? [];
  const headerSkipped = header.some((h) => HEADER.test(h));
  let column = 0;
  if (headerSkipped) {
    const want = kind === "serialNumbers" ? /serial|device/i : /user/i;
    column = Math.max(
      0,
      header.findIndex((h) => want.test(h)),
    );
  }
  // One line of separated values (no header) is a list; otherwise one target per row.
  if (
    !headerSkipped &&
    records.filter((r) => r.some((c) => c.trim() !== "")).length === 1 &&
    (records[0]?.length ?? 0) > 1
  ) {
    records = [records[0] as string[]].flatMap((r) => r.map((c) => [c]));
  }
  const seen = new Set<string>();
  const out: ParsedTargets = { targets: [], invalid: [], duplicates: 0, headerSkipped };
  const oneLine =
    !headerSkipped &&
    records.length > 1 &&
    records.every((r) => r.length === 1) &&
    text.split(/\r?\n/).filter((l) => l.trim()).length === 1;
  records.forEach((row, i) => {
    if (i === 0 && headerSkipped) return;
    const cell = (row.length > 1 ? row[column] : row[0])?.trim() ?? "";
    if (cell === "") return;
    const bad = check(kind, cell);
    // Serial numbers are upper case at Apple: "c02xk" and "C02XK" are one device, one licence.
    const value = kind === "serialNumbers" ? cell.toUpperCase() : cell;
    if (bad) out.invalid.push({ line: oneLine ? 1 : i + 1, value: cell, reason: bad });
    else if (seen.has(value)) out.duplicates++;
    else {
      seen.add(value);
      out.targets.push(value);
    }
  });
  return out;
}
