import crypto from "node:crypto";
import type { PreviewItem } from "../contract/reclaim.js";
import type { Licence, Selection } from "./select.js";

const SAMPLE = 100;

export interface Summary {
  /** Licences taken back (books and other non-revocable assets left out). */
  count: number;
  /** sha256 of the taken-back licences in order: the selection's identity. */
  hash: string;
  targets: { devices: number; users: number };
  perAsset: Map<string, { adamId: string; pricingParam: string; count: number; leftOut: number }>;
  leftOut: number;
  sample: PreviewItem[];
}

/**
 * One pass over a selection: counts per title, targets, the hash, a sample — and each licence
 * handed on (to freeze it) when asked. Nothing is held per licence, so 2,000,000 cost no memory.
 */
export function summarise(selection: Selection, each?: (l: Licence) => void): Summary {
  const hash = crypto.createHash("sha256");
  let buffer = "";
  const perAsset: Summary["perAsset"] = new Map();
  const sample: PreviewItem[] = [];
  let count = 0;
  let leftOut = 0;
  const targets = { devices: 0, users: 0 };
  let lastTarget = "";
  for (const batch of selection.batches()) for (const l of batch) visit(l);
  function visit(l: Licence) {
    const key = `${l.adamId}:${l.pricingParam}`;
    let a = perAsset.get(key);
    if (!a) perAsset.set(key, (a = { adamId: l.adamId, pricingParam: l.pricingParam, count: 0, leftOut: 0 }));
    if (sample.length < SAMPLE) sample.push({ ...l });
    if (l.leftOut) {
      a.leftOut++;
      leftOut++;
      return;
    }
    a.count++;
    count++;
    const target = `${l.kind}\t${l.target}`;
    if (target !== lastTarget) {
      if (l.kind === "device") targets.devices++;
      else targets.users++;
      lastTarget = target;
    }
    buffer += `${target}\t${l.adamId}\t${l.pricingParam}\n`;
    if (buffer.length > 65_536) {
      hash.update(buffer);
      buffer = "";
    }
    each?.(l);
  }
  hash.update(buffer);
  return { count, hash: hash.digest("hex"), targets, perAsset, leftOut, sample };
}
