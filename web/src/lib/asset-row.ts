import { assetKey, UNLIMITED_COUNT, type ResponseAsset } from "./apple";
import type { AssetMetadata } from "./api/get-metadata";

export interface AssetRow extends ResponseAsset {
  key: string;
  name: string;
  iconUrl?: string;
  hasMetadata: boolean;
  customApp: boolean;
  unlimited: boolean;
  /** assigned / total, 0–1 (0 for unlimited assets). */
  utilisation: number;
}

/** An asset with its name and icon; a custom app without metadata is named by its adamId. */
export function toAssetRow(a: ResponseAsset, meta: AssetMetadata | undefined): AssetRow {
  const unlimited = a.totalCount >= UNLIMITED_COUNT;
  return {
    ...a,
    key: assetKey(a),
    name: meta?.name ?? `App ${a.adamId}`,
    ...(meta?.iconUrl ? { iconUrl: meta.iconUrl } : {}),
    hasMetadata: !!meta,
    customApp: meta?.customApp ?? !meta,
    unlimited,
    utilisation: unlimited || a.totalCount === 0 ? 0 : a.assignedCount / a.totalCount,
  };
}

/** A limited title with fewer than `below` licences left. */
export const isRunningOut = (a: AssetRow, below: number) => !a.unlimited && a.availableCount < below;
