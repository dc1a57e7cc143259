import { z } from "zod";
import { fold } from "../../../lib/text";
import { isRunningOut, type AssetRow } from "../../../lib/asset-row";

/** The asset table's URL state, validated with defaults for anything malformed. */
export const assetSearchSchema = z.object({
  q: z.string().catch(""),
  type: z.enum(["App", "Book"]).optional().catch(undefined),
  platform: z.enum(["iOS", "macOS", "tvOS", "watchOS", "visionOS"]).optional().catch(undefined),
  pricing: z.enum(["STDQ", "PLUS"]).optional().catch(undefined),
  show: z.enum(["all", "running-out", "unlimited", "limited"]).catch("all"),
  below: z.coerce.number().int().min(0).max(100_000).catch(10),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/)
    .catch("name"),
});

export type AssetSearch = z.infer<typeof assetSearchSchema>;

/** The table's state from a URL's query, as useUrlState reads it. */
export const parseAssetSearch = (params: URLSearchParams): AssetSearch =>
  assetSearchSchema.parse(Object.fromEntries(params));

/** Running out: a limited pool whose available licences are below the threshold. */

/** Filter and search the assets (name or adamId, case- and accent-insensitive). */
export function filterAssets(rows: AssetRow[], s: AssetSearch): AssetRow[] {
  const q = fold(s.q.trim());
  return rows.filter(
    (a) =>
      (!s.type || a.productType === s.type) &&
      (!s.platform || a.supportedPlatforms.includes(s.platform)) &&
      (!s.pricing || a.pricingParam === s.pricing) &&
      (s.show === "all" ||
        (s.show === "running-out" && isRunningOut(a, s.below)) ||
        (s.show === "unlimited" && a.unlimited) ||
        (s.show === "limited" && !a.unlimited)) &&
      (q === "" || fold(a.name).includes(q) || a.adamId.includes(q)),
  );
}

/** "-available" → [{ id: "availableCount", desc: true }] etc. */
export function sortingFromParam(sort: string): { id: string; desc: boolean }[] {
  const desc = sort.startsWith("-");
  return [{ id: sort.replace(/^-/, ""), desc }];
}

export function sortingToParam(sorting: { id: string; desc: boolean }[]): string | undefined {
  const s = sorting[0];
  return s ? `${s.desc ? "-" : ""}${s.id}` : undefined;
}
