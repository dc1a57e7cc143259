import type { AssetMetadata } from "../api-types.js";
import { tokenMayGo, type ServiceConfigCache } from "../apple/service-config.js";
import type { LookupItem } from "../apple/types.js";
import { ApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";

export type { AssetMetadata };

/** What the store keeps: the artwork's own URL, which the browser never sees. */
type StoredMetadata = Omit<AssetMetadata, "iconUrl"> & { iconSource?: string };

const ICON_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/svg+xml"]);
const MAX_ICON_BYTES = 512 * 1024;
const MAX_ICONS = 2000;
const FOUND_TTL = 7 * 86_400_000;
const MISSING_TTL = 86_400_000;
const BATCH = 50;

/** Names, icons and kinds from Apple's metadata lookup, cached in the store per location. */
export class MetadataService {
  private readonly icons = new Map<string, { type: string; body: Buffer }>();

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
      const stored = row?.body ? (JSON.parse(row.body) as StoredMetadata) : undefined;
      // Rows from before icons were served through the console lack iconSource: read them again.
      const fresh =
        row && now - row.at < (row.body ? FOUND_TTL : MISSING_TTL) && (!stored || "iconSource" in stored);
      if (!fresh) missing.push(id);
      else if (stored) out[id] = this.forBrowser(locationId, id, stored);
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
      // Authenticated lookup (custom B2B apps) uses the itvt cookie, sent only to Apple's own hosts
      // (or the configured upstream): a lookup URL elsewhere gets no token and no cookie.
      const cookie: Record<string, string> = tokenMayGo(t.baseUrl, url.href)
        ? { Cookie: `itvt=${encodeURIComponent(t.token)}` }
        : {};
      try {
        const res = await fetch(url, {
          headers: { Accept: "application/json", ...cookie },
          redirect: "error",
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
          const meta = item ? toMetadata(item) : undefined;
          write.run(key, id, meta ? JSON.stringify(meta) : null, now);
          if (meta) out[id] = this.forBrowser(locationId, id, meta);
        }
      })();
    }
    return out;
  }

  /**
   * An app's icon, fetched by the console (no token, no cookie) and kept in memory: the browser
   * loads icons from this origin only, so the Content-Security-Policy names no image host.
   */
  async icon(locationId: string, adamId: string): Promise<{ type: string; body: Buffer } | undefined> {
    const t = this.deps.locations.target(locationId);
    const key = `${t.location.upstream}:${t.location.uId}:${adamId}`;
    const hit = this.icons.get(key);
    if (hit) return hit;
    const row = this.deps.db
      .prepare("SELECT body FROM metadata WHERE upstream = ? AND adam_id = ?")
      .get(`${t.location.upstream}:${t.location.uId}`, adamId) as { body: string | null } | undefined;
    const source = row?.body ? (JSON.parse(row.body) as StoredMetadata).iconSource : undefined;
    if (!source) return undefined;
    const res = await fetch(source, {
      headers: { Accept: "image/*" },
      redirect: "error",
      signal: AbortSignal.timeout(this.deps.timeoutMs),
    }).catch(() => undefined);
    const type = res?.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    if (!res?.ok || !ICON_TYPES.has(type)) return undefined;
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_ICON_BYTES) return undefined;
    if (this.icons.size >= MAX_ICONS) this.icons.delete(this.icons.keys().next().value as string);
    const icon = { type, body };
    this.icons.set(key, icon);
    return icon;
  }

  private forBrowser(locationId: string, adamId: string, m: StoredMetadata): AssetMetadata {
    const { iconSource, ...meta } = m;
    return { ...meta, ...(iconSource ? { iconUrl: `/api/locations/${locationId}/icons/${adamId}` } : {}) };
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

function toMetadata(item: LookupItem): StoredMetadata {
  const art = item.artwork as LookupItem["artwork"] | { url: string }[] | undefined;
  const template = Array.isArray(art) ? art[0]?.url : art?.url;
  const iconSource = template?.replace("{w}", "128").replace("{h}", "128").replace("{f}", "png");
  return {
    name: item.name,
    ...(iconSource && /^https?:\/\//.test(iconSource) ? { iconSource } : {}),
    kind: item.kind,
    ...(item.bundleId ? { bundleId: item.bundleId } : {}),
    ...(item.artistName ? { artistName: item.artistName } : {}),
    customApp: !!item.isB2BCustomApp,
  };
}
