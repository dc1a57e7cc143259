import type { JobAsset } from "../api-types.js";
import type { Db } from "../store/db.js";
import { currentOf } from "./copy-reads.js";

export interface TakenPerAsset {
  adamId: string;
  pricingParam: string;
  /** Licences of this asset the job's targets hold now (in the copy): what it would take back. */
  held: number;
}

const SLICE = 500;

/**
 * What an unassign or revoke would take back, per asset, from the location's copy: the targets'
 * licences of the chosen assets (unassign) or of every revocable asset (revoke). Undefined when
 * there is no copy yet — then it is not known, and not guessed.
 */
export function heldByTargets(
  db: Db,
  locationId: string,
  targets: { serialNumbers: string[]; clientUserIds: string[] },
  assets: JobAsset[] | "revocable",
): { perAsset: TakenPerAsset[]; syncedAt: string | undefined } | undefined {
  const c = currentOf(db, locationId);
  if (c.gen <= 0) return undefined;
  const counts = new Map<string, number>();
  const wanted =
    assets === "revocable" ? undefined : new Set(assets.map((a) => `${a.adamId}:${a.pricingParam}`));
  const groups: ["device" | "user", string[]][] = [
    ["device", targets.serialNumbers],
    ["user", targets.clientUserIds],
  ];
  for (const [kind, list] of groups) {
    for (let i = 0; i < list.length; i += SLICE) {
      const part = list.slice(i, i + SLICE);
      const rows = db
        .prepare(
          `SELECT c.adam_id, c.pricing_param, count(*) AS n FROM copy_assignments c
           ${assets === "revocable" ? "JOIN copy_assets a ON a.loc = c.loc AND a.adam_id = c.adam_id AND a.pricing_param = c.pricing_param AND a.revocable = 1" : ""}
           WHERE c.loc = ? AND c.gen = ? AND c.kind = ? AND c.target IN (${part.map(() => "?").join(",")})
           GROUP BY c.adam_id, c.pricing_param`,
        )
        .all(c.loc, c.gen, kind, ...part) as { adam_id: string; pricing_param: string; n: number }[];
      for (const r of rows) {
        const key = `${r.adam_id}:${r.pricing_param}`;
        if (!wanted || wanted.has(key)) counts.set(key, (counts.get(key) ?? 0) + r.n);
      }
    }
  }
  const perAsset = [...counts].map(([key, held]) => {
    const [adamId, pricingParam] = key.split(":") as [string, string];
    return { adamId, pricingParam, held };
  });
  perAsset.sort((a, b) => b.held - a.held || a.adamId.localeCompare(b.adamId));
  return { perAsset, syncedAt: c.syncedAt };
}
