import type { Response } from "express";
import { stringify, type Stringifier } from "csv-stringify";

/** OWASP CSV injection: a cell that starts with = + - @ tab or CR is shown as text, not run. */
export function neutralise(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A streamed CSV download: UTF-8 with BOM (Excel reads accents right), RFC 4180 quoting, backpressure. */
export class CsvDownload {
  private readonly csv: Stringifier;
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
    this.csv = stringify({ record_delimiter: "\r\n", bom: true });
    this.csv.pipe(res);
    this.csv.write(header);
  }

  /** Write one row; resolves when the client can take more (memory stays flat). */
  async write(cells: unknown[]): Promise<void> {
    this.rows++;
    if (!this.csv.write(cells.map(neutralise))) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.res.off("close", closed);
          resolve();
        };
        const closed = () => {
          this.csv.off("drain", done);
          reject(new Error("client went away"));
        };
        this.csv.once("drain", done);
        this.res.once("close", closed);
      });
    }
  }

  end(): Promise<void> {
    return new Promise((resolve) => {
      this.res.once("finish", () => resolve());
      this.res.once("close", () => resolve());
      this.csv.end();
    });
  }

  /** Mid-stream failure: say so in the file and break the download, so it cannot pass for complete. */
  fail(message: string): void {
    this.csv.write([`EXPORT FAILED: ${message}`]);
    this.csv.end();
    setTimeout(() => this.res.destroy(), 50);
  }
}

export function exportFilename(kind: string, locationName: string, now = new Date()): string {
  const slug =
    locationName
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .replace(/[^\w]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "location";
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return `vpp-${kind}-${slug}-${stamp}.csv`;
}
