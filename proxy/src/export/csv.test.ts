import { EventEmitter } from "node:events";
import type { Response } from "express";
import { describe, expect, it, vi } from "vitest";
import { assignmentsKind, CsvDownload, exportFilename, neutralise } from "./csv.js";

describe("neutralise", () => {
  it("when a cell starts with a formula character, then it is prefixed so it stays text", () => {
    for (const p of ["=", "+", "-", "@", "\t", "\r"])
      expect(neutralise(`${p}HYPERLINK("x")`)).toBe(`'${p}HYPERLINK("x")`);
  });
  it("when a cell is ordinary, then it is unchanged", () => {
    expect(neutralise("Keynote")).toBe("Keynote");
    expect(neutralise(42)).toBe("42");
    expect(neutralise(undefined)).toBe("");
    expect(neutralise("a=b")).toBe("a=b");
    expect(neutralise(null)).toBe("");
    expect(neutralise("")).toBe("");
  });
});

describe("exportFilename", () => {
  it("when an assignments file is for one app, device or user, then its name says which", () => {
    const at = new Date("2026-11-22T23:47:00Z");
    const name = (f: object, app?: string) => exportFilename(assignmentsKind(f, app), "Lincoln High", at);
    expect(name({})).toBe("vpp-assignments-all-lincoln-high-20261122-2347.csv");
    expect(name({ adamId: "425073498" }, "Procreate®")).toBe(
      "vpp-app-procreate-holders-lincoln-high-20261122-2347.csv",
    );
    expect(name({ adamId: "425073498" })).toBe("vpp-app-425073498-holders-lincoln-high-20261122-2347.csv");
    expect(name({ serialNumber: "F9FZ01" })).toBe(
      "vpp-device-f9fz01-licences-lincoln-high-20261122-2347.csv",
    );
    expect(name({ clientUserId: "u/1" })).toBe("vpp-user-u-1-licences-lincoln-high-20261122-2347.csv");
  });

  it("when a location has accents and spaces, then the name is a safe slug with a timestamp", () => {
    expect(exportFilename("assignments", "Lycée Jean-Moulin", new Date("2026-11-22T23:47:00Z"))).toBe(
      "vpp-assignments-lycee-jean-moulin-20261122-2347.csv",
    );
  });
});

/** A stand-in for Express's response: records headers and writes, and can push back (backpressure). */
class FakeResponse extends EventEmitter {
  headers: Record<string, string> = {};
  statusCode = 0;
  chunks: string[] = [];
  ended = false;
  destroyed = false;
  full = false;
  status(n: number) {
    this.statusCode = n;
    return this;
  }
  setHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  write(s: string) {
    this.chunks.push(s);
    return !this.full;
  }
  end(cb: () => void) {
    this.ended = true;
    cb();
  }
  destroy() {
    this.destroyed = true;
  }
}

const download = (name = "vpp-assets-x.csv") => {
  const res = new FakeResponse();
  const csv = new CsvDownload(res as unknown as Response, name, ["adamId", "name"]);
  return { res, csv };
};

describe("CsvDownload", () => {
  it("when a download starts, then it is an attachment of UTF-8 CSV with a BOM and the header row", () => {
    const { res } = download("vpp-assets-lycée 1.csv");
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="vpp-assets-lyc_e_1.csv"; filename*=UTF-8''vpp-assets-lyc%C3%A9e%201.csv`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    expect(res.chunks).toEqual(["\uFEFFadamId,name\r\n"]);
  });

  it("when rows are written, then they are counted, neutralised, quoted, CRLF-ended; no rows writes nothing", async () => {
    const { res, csv } = download();
    await csv.write([]);
    expect(res.chunks).toHaveLength(1);
    await csv.write([
      ["1", "=SUM(A1)"],
      ["2", 'Quote "this", please'],
    ]);
    expect(csv.rows).toBe(2);
    expect(res.chunks[1]).toBe(`1,'=SUM(A1)\r\n2,"Quote ""this"", please"\r\n`);
    await csv.end();
    expect(res.ended).toBe(true);
  });

  it("when the client is slow, then the next page waits for drain; when it leaves, the write fails", async () => {
    const { res, csv } = download();
    res.full = true;
    let written = false;
    const w = csv.write([["1", "a"]]).then(() => (written = true));
    await Promise.resolve();
    expect(written).toBe(false);
    res.emit("drain");
    await w;
    expect(written).toBe(true);
    const gone = csv.write([["2", "b"]]);
    res.emit("close");
    await expect(gone).rejects.toThrow("client went away");
    expect(res.listenerCount("drain")).toBe(0);
  });

  it("when the export fails midway, then the file says so and the download is broken", async () => {
    vi.useFakeTimers();
    try {
      const { res, csv } = download();
      csv.fail("Apple stopped answering");
      expect(res.chunks.at(-1)).toBe("EXPORT FAILED: Apple stopped answering\r\n");
      expect(res.destroyed).toBe(false);
      vi.advanceTimersByTime(60);
      expect(res.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("exportFilename", () => {
  it("when a name has only punctuation, then the slug is 'location'; runs of symbols become one dash", () => {
    const at = new Date("2026-01-02T03:04:00Z");
    expect(exportFilename("assets", "!!!", at)).toBe("vpp-assets-location-20260102-0304.csv");
    expect(exportFilename("assets", "-A & B-", at)).toBe("vpp-assets-a-b-20260102-0304.csv");
  });
});
