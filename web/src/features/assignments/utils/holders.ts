import type { Assignment } from "../../../lib/apple";
import { fold } from "../../assets/utils/filter";

export type HolderKind = "all" | "device" | "user";

/** Narrow holders by kind and a search over serial number or clientUserId. */
export function filterHolders(rows: Assignment[], kind: HolderKind, q: string): Assignment[] {
  const needle = fold(q.trim());
  return rows.filter(
    (a) =>
      (kind === "all" || (kind === "device" ? a.serialNumber !== undefined : a.clientUserId !== undefined)) &&
      (needle === "" || fold(a.serialNumber ?? a.clientUserId ?? "").includes(needle)),
  );
}
