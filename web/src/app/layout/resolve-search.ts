import { fold } from "../../lib/text";
import { assetKey } from "../../lib/apple";

export interface SearchAsset {
  adamId: string;
  pricingParam: string;
  name: string;
}

export interface SearchOption {
  value: string;
  label: string;
  to: string;
}

const SERIAL = /^[A-Za-z0-9-]{5,24}$/;

/** What the global box can mean: matching apps or books, a device serial, or a clientUserId. */
export function searchOptions(locationId: string, raw: string, assets: SearchAsset[]): SearchOption[] {
  const q = raw.trim();
  if (q === "") return [];
  const needle = fold(q);
  const base = `/l/${locationId}`;
  const hits = assets
    .filter((a) => a.adamId === q || fold(a.name).includes(needle))
    .sort((a, b) => Number(b.adamId === q) - Number(a.adamId === q) || a.name.localeCompare(b.name))
    .slice(0, 8)
    .map((a) => ({
      value: `asset:${assetKey(a)}`,
      label: `${a.name}${a.pricingParam === "PLUS" ? " (PLUS)" : ""} — app or book ${a.adamId}`,
      to: `${base}/assets/${a.adamId}/${a.pricingParam}`,
    }));
  const people: SearchOption[] = [];
  if (SERIAL.test(q) && !/^\d+$/.test(q)) {
    people.push({
      value: `device:${q}`,
      label: `Device with serial ${q.toUpperCase()}`,
      to: `${base}/devices/${encodeURIComponent(q.toUpperCase())}`,
    });
  }
  if (!/\s/.test(q))
    people.push({ value: `user:${q}`, label: `User ${q}`, to: `${base}/users/${encodeURIComponent(q)}` });
  return [...hits, ...people];
}

/** Enter without choosing: an exact adamId or a single name match wins, then serial, then user. */
export function resolveSearch(locationId: string, raw: string, assets: SearchAsset[]): string | undefined {
  const options = searchOptions(locationId, raw, assets);
  const assetsHit = options.filter((o) => o.value.startsWith("asset:"));
  const exact = assetsHit.find((o) => o.value.split(":")[1] === raw.trim());
  if (exact) return exact.to;
  if (assetsHit.length >= 1) return assetsHit[0]?.to;
  return options[0]?.to;
}
