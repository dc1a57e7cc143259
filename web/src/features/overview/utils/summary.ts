import type { AssetRow } from "../../../lib/asset-row";
import { isRunningOut } from "../../../lib/asset-row";

export interface LicenceSummary {
  limitedOwned: number;
  limitedAssigned: number;
  limitedAvailable: number;
  unlimitedAssigned: number;
  apps: number;
  books: number;
  runningOut: AssetRow[];
  top: AssetRow[];
}

/** Totals over limited pools (unlimited free titles are counted apart), what is running out, top 15. */
export function summarise(rows: AssetRow[], below = 10): LicenceSummary {
  const limited = rows.filter((a) => !a.unlimited);
  return {
    limitedOwned: limited.reduce((s, a) => s + a.totalCount, 0),
    limitedAssigned: limited.reduce((s, a) => s + a.assignedCount, 0),
    limitedAvailable: limited.reduce((s, a) => s + a.availableCount, 0),
    unlimitedAssigned: rows.filter((a) => a.unlimited).reduce((s, a) => s + a.assignedCount, 0),
    apps: rows.filter((a) => a.productType === "App").length,
    books: rows.filter((a) => a.productType === "Book").length,
    runningOut: limited
      .filter((a) => isRunningOut(a, below))
      .sort((a, b) => a.availableCount - b.availableCount),
    top: [...limited].sort((a, b) => b.assignedCount - a.assignedCount).slice(0, 15),
  };
}
