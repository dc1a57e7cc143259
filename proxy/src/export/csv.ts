import type { Response } from "express";
import { stringify } from "csv-stringify/sync";

/** OWASP CSV injection: a cell that starts with = + - @ tab or CR is shown as text, not run. */
export function neutralise(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * A streamed CSV download: UTF-8 with BOM (Excel reads accents right), RFC 4180 quoting by
 * csv-stringify, one write per page of rows, and backpressure (memory stays flat).
 */
export class CsvDownload {
  rows = 0;

  constructor(
    private readonly res: Response,
    filename: string,
    header: string[],
  ) {
    res.status(200);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader(
      "Content-Disposition",
      `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.write(`\uFEFF${stringify([header], { record_delimiter: "\r\n" })}`);
  }

  /** Write rows; resolves when the client can take more. */
  async write(rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    this.rows += rows.length;
    const text = stringify(
      rows.map((r) => r.map(neutralise)),
      { record_delimiter: "\r\n" },
    );
    if (this.res.write(text)) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        this.res.off("close", closed);
        resolve();
      };
      const closed = () => {
        this.res.off("drain", done);
        reject(new Error("client went away"));
      };
      this.res.once("drain", done);
      this.res.once("close", closed);
    });
  }

  end(): Promise<void> {
    return new Promise((resolve) => {
      this.res.end(() => resolve());
    });
  }

  /** Mid-stream failure: say so in the file and break the download, so it cannot pass for complete. */
  fail(message: string): void {
    this.res.write(stringify([[`EXPORT FAILED: ${message}`]], { record_delimiter: "\r\n" }));
    setTimeout(() => this.res.destroy(), 50);
  }
}

export function exportFilename(kind: string, locationName: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return `vpp-${slug(kind, "export")}-${slug(locationName, "location")}-${stamp}.csv`;
}

/** Lower-case ASCII words joined by "-" (accents folded), or `fallback` when nothing is left. */
export function slug(text: string, fallback: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .replace(/[^\w]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || fallback
  );
}

/** What an assignments file holds, for its name: every assignment, one app's holders, one device's or user's licences. */
export function assignmentsKind(
  f: { adamId?: string | undefined; serialNumber?: string | undefined; clientUserId?: string | undefined },
  appName?: string,
): string {
  if (f.serialNumber !== undefined) return `device-${f.serialNumber}-licences`;
  if (f.clientUserId !== undefined) return `user-${f.clientUserId}-licences`;
  if (f.adamId !== undefined) return `app-${slug(appName ?? "", f.adamId)}-holders`;
  return "assignments-all";
}
