import type { AssetMetadata } from "../api-types.js";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { LookupItem } from "../apple/types.js";
import { ApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";

export type { AssetMetadata };

const FOUND_TTL = 7 * 86_400_000;
const MISSING_TTL = 86_400_000;
const BATCH = 50;

/** Names, icons and kinds from Apple's metadata lookup, cached in the store per location. */
export class MetadataService {
  constructor(
    private readonly deps: {
      db: Db;
      locations: LocationService;
      serviceConfig: ServiceConfigCache;
      timeoutMs: number;
    },
  ) {}

  async get(locationId: string, ids: string[]): Promise<Record<string, AssetMetadata>> {
    const t = this.deps.locations.target(locationId);
    const key = `${t.location.upstream}:${t.location.uId}`;
    const now = Date.now();
    const out: Record<string, AssetMetadata> = {};
    const missing: string[] = [];
    const read = this.deps.db.prepare(
      "SELECT body, fetched_at AS at FROM metadata WHERE upstream = ? AND adam_id = ?",
    );
    for (const id of ids) {
      const row = read.get(key, id) as { body: string | null; at: number } | undefined;
      if (row && now - row.at < (row.body ? FOUND_TTL : MISSING_TTL)) {
        if (row.body) out[id] = JSON.parse(row.body) as AssetMetadata;
      } else missing.push(id);
    }
    if (missing.length === 0) return out;

    const svc = await this.deps.serviceConfig.get(t.baseUrl);
    const lookup = svc.urls.contentMetadataLookup;
    if (!lookup) return out;
    const cfg = this.deps.db
      .prepare("SELECT country, default_platform AS platform FROM locations WHERE id = ?")
      .get(locationId) as { country: string | null; platform: string | null } | undefined;
    const write = this.deps.db.prepare(
      "INSERT INTO metadata (upstream, adam_id, body, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT(upstream, adam_id) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
    );
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const url = new URL(lookup);
      url.search = new URLSearchParams({
        version: "2",
        id: batch.join(","),
        p: "mdm-lockup",
        caller: "MDM",
        platform: cfg?.platform ?? "volumestore",
        cc: (cfg?.country ?? "US").toLowerCase(),
        l: "en",
      }).toString();
      let results: Record<string, LookupItem> = {};
      try {
        const res = await fetch(url, {
          // Authenticated lookup (custom B2B apps) uses the itvt cookie; the token goes nowhere else.
          headers: { Accept: "application/json", Cookie: `itvt=${encodeURIComponent(t.token)}` },
          signal: AbortSignal.timeout(this.deps.timeoutMs),
        });
        if (res.ok) results = ((await res.json()) as { results?: Record<string, LookupItem> }).results ?? {};
      } catch {
        // Metadata is decoration: on failure the console shows adamIds and tries again later.
        continue;
      }
      this.deps.db.transaction(() => {
        for (const id of batch) {
          const item = results[id];
          const meta = item ? toMetadata(item, t.location.upstream === "sandbox") : undefined;
          write.run(key, id, meta ? JSON.stringify(meta) : null, now);
          if (meta) out[id] = meta;
        }
      })();
    }
    return out;
  }
}

export function parseIds(raw: unknown): string[] {
  const ids = String(raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new ApiError(400, "INVALID_IDS", "Give one or more adamIds, separated by commas.");
  if (ids.length > 500) throw new ApiError(400, "INVALID_IDS", "At most 500 adamIds per request.");
  const bad = ids.find((id) => !/^\d{1,20}$/.test(id));
  if (bad !== undefined)
    throw new ApiError(400, "INVALID_IDS", `"${bad.slice(0, 40)}" is not an adamId (digits only).`);
  return [...new Set(ids)];
}

function toMetadata(item: LookupItem, sameOrigin: boolean): AssetMetadata {
  const art = item.artwork as LookupItem["artwork"] | { url: string }[] | undefined;
  const template = Array.isArray(art) ? art[0]?.url : art?.url;
  let iconUrl = template?.replace("{w}", "128").replace("{h}", "128").replace("{f}", "png");
  if (iconUrl && sameOrigin) {
    // The embedded sandbox serves icons from this server: keep them same-origin for the CSP.
    const u = new URL(iconUrl);
    iconUrl = u.pathname + u.search;
  }
  return {
    name: item.name,
    ...(iconUrl ? { iconUrl } : {}),
    kind: item.kind,
    ...(item.bundleId ? { bundleId: item.bundleId } : {}),
    ...(item.artistName ? { artistName: item.artistName } : {}),
    customApp: !!item.isB2BCustomApp,
  };
}
