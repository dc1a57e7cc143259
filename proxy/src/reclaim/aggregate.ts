import type { Statement } from "better-sqlite3";
import { licencesOf, type Choice, type Copy } from "./select.js";
import { identityOf, SAMPLE, type PerAsset, type Summary } from "./summary.js";

const SLICE = 500;

/**
 * The summary of every licence some devices or users hold, counted by SQLite: per title, the
 * location's total less what the holders left out hold (or the chosen ones' directly, whichever
 * side is smaller). 1,700,000 licences never become 1,700,000 objects.
 */
export function aggregateTargets(copy: Copy, kind: "device" | "user", choice: Choice): Summary {
  const prepared = new Map<string, Statement<unknown[]>>();
  const stmt = (name: string, n: number, sql: (marks: string) => string) => {
    const key = `${name}:${n}`;
    let s = prepared.get(key);
    if (!s) {
      s = copy.db.prepare(sql(Array.from({ length: n }, () => "?").join(","))).raw();
      prepared.set(key, s);
    }
    return s;
  };
  const from = (marks: string) =>
    `FROM copy_assignments INDEXED BY copy_assignments_target WHERE target IN (${marks}) AND loc = ? AND gen = ? AND kind = ?`;
  const countsOf = (targets: string[], sign: 1 | -1, into: Map<string, number>) => {
    for (let i = 0; i < targets.length; i += SLICE) {
      const part = targets.slice(i, i + SLICE);
      const rows = stmt(
        "counts",
        part.length,
        (m) => `SELECT adam_id || ':' || pricing_param, count(*) ${from(m)} GROUP BY adam_id, pricing_param`,
      ).all([...part, copy.loc, copy.gen, kind]) as [string, number][];
      for (const [key, n] of rows) into.set(key, (into.get(key) ?? 0) + sign * n);
    }
  };
  const chosen = choice.chosen.map(([t]) => t);
  const counts = new Map<string, number>();
  if (choice.others.length < chosen.length) {
    const all = copy.db
      .prepare(
        `SELECT adam_id || ':' || pricing_param, count(*) FROM copy_assignments
         WHERE loc = ? AND gen = ? AND kind = ? GROUP BY adam_id, pricing_param`,
      )
      .raw()
      .all(copy.loc, copy.gen, kind) as [string, number][];
    for (const [key, n] of all) counts.set(key, n);
    countsOf(choice.others, -1, counts);
  } else countsOf(chosen, 1, counts);

  const perAsset: PerAsset = new Map();
  let count = 0;
  let leftOut = 0;
  for (const [key, n] of counts) {
    if (n <= 0) continue;
    const [adamId, pricingParam] = key.split(":") as [string, string];
    const out = copy.revocable.get(key) === false;
    perAsset.set(key, { adamId, pricingParam, count: out ? 0 : n, leftOut: out ? n : 0 });
    if (out) leftOut += n;
    else count += n;
  }
  // Every chosen target holds a licence; one holding nothing but books gets nothing revoked.
  let takers = chosen.length;
  if (leftOut > 0) {
    const books = JSON.stringify([...copy.revocable].filter(([, r]) => !r).map(([k]) => k));
    takers = 0;
    for (let i = 0; i < chosen.length; i += SLICE) {
      const part = chosen.slice(i, i + SLICE);
      const row = stmt(
        "takers",
        part.length,
        (m) =>
          `SELECT count(DISTINCT target) ${from(m)} AND (adam_id || ':' || pricing_param) NOT IN (SELECT value FROM json_each(?))`,
      ).get([...part, copy.loc, copy.gen, kind, books]) as [number];
      takers += row[0];
    }
  }
  const sample = [];
  for (const batch of licencesOf(copy, kind, choice.chosen)) {
    sample.push(...batch.slice(0, SAMPLE - sample.length));
    if (sample.length >= SAMPLE) break;
  }
  return {
    count,
    hash: identityOf(
      chosen.map((t) => `${kind}\t${t}`),
      perAsset,
    ),
    targets: kind === "device" ? { devices: takers, users: 0 } : { devices: 0, users: takers },
    perAsset,
    leftOut,
    sample,
  };
}
