import { parse } from "csv-parse/sync";

export interface CsvRow {
  /** The file's line number where the record starts (1-based). */
  line: number;
  cells: string[];
}

/** The delimiter an export uses: the first of , ; or tab on the header line. */
export function delimiterOf(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0] && counts[0][1] > 0 ? counts[0][0] : ",";
}

/**
 * Every record of a CSV file with its line number; a broken record (an unclosed quote, say) is
 * listed by line and reading goes on at the next line, so one bad line never loses the file.
 */
export function csvRecords(text: string): { rows: CsvRow[]; broken: { line: number; message: string }[] } {
  const delimiter = delimiterOf(text);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const rows: CsvRow[] = [];
  const broken: { line: number; message: string }[] = [];
  let from = 0; // index into lines where this pass starts
  while (from < lines.length) {
    let last = from; // lines consumed by good records in this pass
    try {
      parse(lines.slice(from).join("\n"), {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        trim: true,
        skip_empty_lines: true,
        on_record: (record: string[], ctx) => {
          let start = from + last;
          while ((lines[start] ?? "").trim() === "" && start < lines.length) start++;
          rows.push({ line: start + 1, cells: record });
          last = ctx.lines;
          return null;
        },
      });
      break;
    } catch (err) {
      // The record after the last good one is the broken one; read on from the line after it.
      let bad = from + last;
      while (bad < lines.length && (lines[bad] ?? "").trim() === "") bad++;
      broken.push({
        line: bad + 1,
        message: `not readable CSV (${err instanceof Error ? err.message.split(":")[0] : "parse error"})`,
      });
      from = bad + 1;
    }
  }
  return { rows, broken };
}
