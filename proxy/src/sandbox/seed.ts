import { TargetKind } from "./assignment-store.js";
import { CATALOG, type CatalogItem } from "./catalog.js";
import { SandboxLocation, type AssetRecord } from "./location.js";
import { createRng, type Rng } from "./prng.js";

export interface SeedOptions {
  uId: string;
  orgName: string;
  locationName: string;
  /** "demo" seeds the district; "empty" owns the catalogue but assigns nothing and has no users. */
  data: "demo" | "empty";
  seed?: number;
  devices?: number;
  users?: number;
}

const FIRST = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Mia",
  "Lucas",
  "Sofia",
  "Mateo",
  "Zoe",
  "Ethan",
  "Aria",
  "Leo",
  "Chloé",
  "Jayden",
  "Amara",
  "Kai",
  "Nora",
  "Diego",
  "Priya",
  "Oliver",
  "Hana",
  "Malik",
  "Isla",
  "Santiago",
  "Yuki",
  "Elijah",
  "Fatima",
  "Owen",
  "Léa",
  "Mohammed",
];
const LAST = [
  "Garcia",
  "Nguyen",
  "Smith",
  "Johnson",
  "Okafor",
  "Martínez",
  "Kim",
  "Patel",
  "Brown",
  "O'Connor",
  "Rossi",
  "Müller",
  "Chen",
  "Williams",
  "Haddad",
  "Lopez",
  "Novak",
  "Silva",
  "Andersen",
  "Tanaka",
  "Walker",
  "Dubois",
  "Ivanova",
  "Clarke",
  "Mensah",
];
const SERIAL_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

function serial(rng: Rng, prefix: string): string {
  let s = prefix;
  while (s.length < 12) s += SERIAL_CHARS[rng.int(0, SERIAL_CHARS.length - 1)];
  return s;
}

function idHash(rng: Rng): string {
  const bytes = Buffer.alloc(20);
  for (let i = 0; i < 20; i++) bytes[i] = rng.int(0, 255);
  return bytes.toString("base64");
}

function assetRecords(item: CatalogItem): AssetRecord[] {
  return item.pricing.map((pricingParam, i) => ({
    adamId: item.adamId,
    pricingParam,
    productType: item.productType,
    supportedPlatforms: item.platforms,
    deviceAssignable: item.productType === "App",
    revocable: item.productType === "App",
    unlimited: item.total === 0,
    // A PLUS licence pool is a smaller, separate purchase of the same title.
    totalCount: item.total === 0 ? 0 : i === 0 ? item.total : Math.max(10, Math.round(item.total / 8)),
    assignedCount: 0,
    retiredCount: 0,
    item,
  }));
}

/** Build a location with deterministic, believable data (a school district). */
export function seedLocation(opts: SeedOptions): SandboxLocation {
  const loc = new SandboxLocation(opts.uId, opts.orgName, opts.locationName);
  const rng = createRng(opts.seed ?? 20491);
  for (const item of CATALOG) for (const record of assetRecords(item)) loc.addAsset(record);
  if (opts.data === "empty") {
    loc.commit();
    return loc;
  }

  const deviceCount = opts.devices ?? 3000;
  const macShare = 0.1;
  const devices: { idx: number; mac: boolean }[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const mac = i >= deviceCount * (1 - macShare);
    const s = serial(rng, mac ? rng.pick(["C02", "FVF", "C07"]) : rng.pick(["DMP", "F9F", "GG7", "DLX"]));
    devices.push({ idx: loc.targets.intern(TargetKind.Serial, s), mac });
  }

  const userCount = opts.users ?? 1500;
  for (let i = 0; i < userCount; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const clientUserId = rng.uuid();
    const email = `${first}.${last}${i}@lincoln.k12.example`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/'/g, "");
    const roll = rng.next();
    if (roll < 0.1) {
      loc.addUser({ clientUserId, email, status: "Registered", inviteCode: rng.hex(32) });
    } else if (roll < 0.93) {
      loc.addUser({ clientUserId, email, status: "Associated", idHash: idHash(rng) });
    } else {
      loc.addUser({ clientUserId, email, status: "Retired" });
      // A few people left and came back: a retired entry plus a new active one.
      if (rng.chance(0.15)) {
        loc.addUser({ clientUserId, email, status: "Associated", idHash: idHash(rng) });
      }
    }
  }

  // Device licences: each device holds popular apps for its platform, while licences last.
  loc.assets.forEach((asset, assetIdx) => {
    if (!asset.deviceAssignable || asset.pricingParam !== "STDQ") return;
    const ios = asset.supportedPlatforms.includes("iOS");
    const mac = asset.supportedPlatforms.includes("macOS");
    for (const d of devices) {
      if ((d.mac ? !mac : !ios) || !rng.chance(asset.item.popularity * (d.mac ? 1.5 : 1))) continue;
      if (loc.availableCount(asset) <= 0) break;
      loc.assign(assetIdx, d.idx);
    }
  });

  // User licences: books, PLUS licences and a few user-licensed apps for active users.
  const active = loc.users.filter((u) => u.status !== "Retired");
  loc.assets.forEach((asset, assetIdx) => {
    const userBased = asset.productType === "Book" || asset.pricingParam === "PLUS";
    const share = userBased ? asset.item.popularity : asset.item.popularity * 0.08;
    for (const u of active) {
      if (!rng.chance(share)) continue;
      if (loc.availableCount(asset) <= 0) break;
      loc.assign(assetIdx, loc.targets.intern(TargetKind.User, u.clientUserId));
    }
  });
  // Retired users keep their (irrevocable) books.
  for (const u of loc.users.filter((x) => x.status === "Retired")) {
    const bookIdx = loc.assets.findIndex((a) => a.productType === "Book" && rng.chance(0.3));
    if (bookIdx >= 0) loc.assign(bookIdx, loc.targets.intern(TargetKind.User, u.clientUserId));
  }

  // Retired licence counts, as seen on real locations after refunds/transfers.
  for (const a of loc.assets) if (!a.unlimited && rng.chance(0.3)) a.retiredCount = rng.int(1, 12);

  // Size each limited pool: most have headroom, some are nearly or fully used.
  for (const a of loc.assets) {
    if (a.unlimited) continue;
    const roll = rng.next();
    const spare =
      roll < 0.15
        ? 0
        : roll < 0.35
          ? rng.int(1, 15)
          : rng.int(
              Math.max(20, Math.round(a.assignedCount * 0.1)),
              Math.max(25, Math.round(a.assignedCount * 0.6)),
            );
    a.totalCount = a.assignedCount + spare;
  }
  loc.commit();
  return loc;
}

/** Grow a location to `total` assignments with synthetic device licences (the scale knob). */
export function scaleLocation(
  loc: SandboxLocation,
  total: number,
  only?: { adamId: string; pricingParam: "STDQ" | "PLUS" },
): number {
  const need = total - loc.store.liveCount;
  if (need <= 0) return 0;
  const targetAssets = only
    ? [loc.findAsset(only.adamId, only.pricingParam)].filter((i): i is number => i !== undefined)
    : loc.assets.flatMap((a, i) => (a.deviceAssignable ? [i] : []));
  if (targetAssets.length === 0) throw new Error("no device-assignable asset to scale");
  const perDevice = Math.min(targetAssets.length, 10);
  const deviceCount = Math.ceil(need / perDevice);
  const first = loc.targets.addSynthetic(deviceCount);
  let added = 0;
  for (let d = 0; d < deviceCount && added < need; d++) {
    for (let k = 0; k < perDevice && added < need; k++) {
      const assetIdx = targetAssets[(d + k) % targetAssets.length] as number;
      const asset = loc.assets[assetIdx] as AssetRecord;
      if (!asset.unlimited && loc.availableCount(asset) <= 0) asset.totalCount += 1000;
      if (loc.assign(assetIdx, first + d)) added++;
    }
  }
  loc.commit();
  return added;
}
