import crypto from "node:crypto";
import type { PreviewItem } from "../contract/reclaim.js";
import type { Licence, Selection } from "./select.js";

export const SAMPLE = 100;

export type PerAsset = Map<string, { adamId: string; pricingParam: string; count: number; leftOut: number }>;

export interface Summary {
  /** Licences taken back (books and other non-revocable assets left out). */
  count: number;
  /** The selection's identity: what Apple will be asked and what it will take (see identityOf). */
  hash: string;
  targets: { devices: number; users: number };
  perAsset: PerAsset;
  leftOut: number;
  sample: PreviewItem[];
}

/**
 * A revoke selection is its targets and what they hold per title: Apple revokes by target, so
 * those are what the job asks and takes. (An unassign selection hashes every licence instead.)
 */
export function identityOf(targets: Iterable<string>, perAsset: PerAsset): string {
  const hash = crypto.createHash("sha256");
  let buffer = "targets\n";
  for (const t of targets) {
    buffer += `${t}\n`;
    if (buffer.length > 65_536) {
      hash.update(buffer);
      buffer = "";
    }
  }
  hash.update(buffer);
  hash.update("titles\n");
  for (const key of [...perAsset.keys()].sort()) {
    const a = perAsset.get(key) as { count: number; leftOut: number };
    hash.update(`${key}\t${a.count}\t${a.leftOut}\n`);
  }
  return hash.digest("hex");
}

/**
 * One pass over a selection: counts per title, targets, the identity, a sample — and each licence
 * Apple can take back handed on (to freeze it) when asked. Nothing is held per licence unless asked.
 */
export function summarise(selection: Selection, each?: (l: Licence) => void): Summary {
  if (!each && selection.aggregate) return selection.aggregate();
  const lines = crypto.createHash("sha256");
  let buffer = "";
  const perAsset: PerAsset = new Map();
  const sample: PreviewItem[] = [];
  const allTargets: string[] = [];
  let count = 0;
  let leftOut = 0;
  const targets = { devices: 0, users: 0 };
  let lastTarget = "";
  let lastTaker = "";
  for (const batch of selection.batches()) for (const l of batch) visit(l);
  function visit(l: Licence) {
    const key = `${l.adamId}:${l.pricingParam}`;
    let a = perAsset.get(key);
    if (!a) perAsset.set(key, (a = { adamId: l.adamId, pricingParam: l.pricingParam, count: 0, leftOut: 0 }));
    if (sample.length < SAMPLE) sample.push({ ...l });
    const target = `${l.kind}\t${l.target}`;
    if (target !== lastTarget) {
      allTargets.push(target);
      lastTarget = target;
    }
    buffer += `${target}\t${l.adamId}\t${l.pricingParam}\n`;
    if (buffer.length > 65_536) {
      lines.update(buffer);
      buffer = "";
    }
    if (l.leftOut) {
      a.leftOut++;
      leftOut++;
      return;
    }
    a.count++;
    count++;
    if (target !== lastTaker) {
      if (l.kind === "device") targets.devices++;
      else targets.users++;
      lastTaker = target;
    }
    each?.(l);
  }
  lines.update(buffer);
  const hash = selection.action === "revoke" ? identityOf(allTargets, perAsset) : lines.digest("hex");
  return { count, hash, targets, perAsset, leftOut, sample };
}
