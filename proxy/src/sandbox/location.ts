import type {
  ClientConfigResponse,
  MdmInfo,
  NotificationType,
  Platform,
  PricingParam,
  ProductType,
  ResponseUser,
  UserStatus,
} from "../apple/types.js";
import { UNLIMITED_COUNT } from "../apple/types.js";
import { AssignmentStore, TargetKind, Targets } from "./assignment-store.js";
import type { CatalogItem } from "./catalog.js";
import type { SandboxEvent } from "./events.js";
import { timeUuid } from "./prng.js";

export interface AssetRecord {
  adamId: string;
  pricingParam: PricingParam;
  productType: ProductType;
  supportedPlatforms: Platform[];
  deviceAssignable: boolean;
  revocable: boolean;
  /** Free assets: unlimited licences (Apple reports totalCount 2147483647). */
  unlimited: boolean;
  totalCount: number;
  assignedCount: number;
  retiredCount: number;
  item: CatalogItem;
}

export interface UserRecord {
  clientUserId: string;
  email?: string;
  idHash?: string;
  inviteCode?: string;
  /** The Apple Account linked (Apple shows only idHash); one account links to one active user. */
  managedAppleId?: string;
  status: UserStatus;
  /** Version sequence of the last change (for sinceVersionId). */
  seq: number;
}

/** `versionId` of one endpoint's data set; every mutation makes a new one. */
export class VersionTrack {
  seq = 0;
  id = timeUuid();
  private readonly known = new Map<string, number>([[this.id, 0]]);

  bump(): number {
    this.seq++;
    this.id = timeUuid();
    this.known.set(this.id, this.seq);
    if (this.known.size > 50_000) {
      const oldest = this.known.keys().next().value as string;
      this.known.delete(oldest);
    }
    return this.seq;
  }

  seqOf(versionId: string): number | undefined {
    return this.known.get(versionId);
  }
}

export interface ClientConfigState {
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes: NotificationType[];
}

export type DataSet = "assets" | "assignments" | "users";

export const assetKey = (adamId: string, pricingParam: PricingParam) => `${adamId}:${pricingParam}`;

export class SandboxLocation {
  readonly countryISO2ACode = "US";
  readonly defaultPlatform = "volumestore" as const;
  readonly websiteURL = "https://school.apple.com";
  clientConfig: ClientConfigState = { notificationTypes: [] };
  readonly assets: AssetRecord[] = [];
  private readonly assetIndex = new Map<string, number>();
  readonly targets = new Targets();
  readonly store = new AssignmentStore();
  readonly users: UserRecord[] = [];
  readonly activeUsers = new Map<string, UserRecord>();
  readonly versions = {
    assets: new VersionTrack(),
    assignments: new VersionTrack(),
    users: new VersionTrack(),
  };
  readonly events = new Map<string, SandboxEvent>();
  /** Accepted request times, for maxRequestPerSecond. */
  requestTimes: number[] = [];
  private readonly selectCache = new Map<string, Int32Array>();
  private readonly dirty = { assets: false, assignments: false, users: false };

  constructor(
    readonly uId: string,
    readonly orgName: string,
    readonly locationName: string,
  ) {}

  addAsset(record: AssetRecord): number {
    const idx = this.assets.length;
    this.assets.push(record);
    this.assetIndex.set(assetKey(record.adamId, record.pricingParam), idx);
    return idx;
  }

  findAsset(adamId: string, pricingParam: PricingParam): number | undefined {
    return this.assetIndex.get(assetKey(adamId, pricingParam));
  }

  availableCount(a: AssetRecord): number {
    return (a.unlimited ? UNLIMITED_COUNT : a.totalCount) - a.assignedCount;
  }

  /** Assign one licence; false when the pair already holds one (no double charge). */
  assign(assetIdx: number, targetIdx: number): boolean {
    const seq = this.versions.assignments.seq + 1;
    if (!this.store.add(assetIdx, targetIdx, seq)) return false;
    (this.assets[assetIdx] as AssetRecord).assignedCount++;
    this.dirty.assignments = this.dirty.assets = true;
    return true;
  }

  unassign(assetIdx: number, targetIdx: number): boolean {
    if (!this.store.remove(assetIdx, targetIdx)) return false;
    (this.assets[assetIdx] as AssetRecord).assignedCount--;
    this.dirty.assignments = this.dirty.assets = true;
    return true;
  }

  markChanged(dataset: DataSet): void {
    this.dirty[dataset] = true;
  }

  /** Give every data set changed since the last call a new versionId (one per batch of work). */
  commit(): void {
    for (const name of ["assets", "assignments", "users"] as const) {
      if (this.dirty[name]) {
        this.versions[name].bump();
        this.dirty[name] = false;
      }
    }
  }

  /** Revocable assignments held by these targets, as [assetIdx, targetIdx] pairs. */
  revocableOf(targetIdxs: ReadonlySet<number>): [number, number][] {
    const rows = this.store.select(
      (r) =>
        targetIdxs.has(this.store.target[r] as number) &&
        (this.assets[this.store.asset[r] as number] as AssetRecord).revocable,
    );
    return Array.from(rows, (r) => [this.store.asset[r] as number, this.store.target[r] as number]);
  }

  /** Cached, insertion-ordered selection of rows; the cache lives for one assignments version. */
  selectAssignments(cacheKey: string, keep: (row: number) => boolean): Int32Array {
    const key = `${this.versions.assignments.seq}|${cacheKey}`;
    const hit = this.selectCache.get(key);
    if (hit) return hit;
    const rows = this.store.select(keep);
    if (this.selectCache.size >= 16) {
      this.selectCache.delete(this.selectCache.keys().next().value as string);
    }
    for (const k of this.selectCache.keys()) {
      if (!k.startsWith(`${this.versions.assignments.seq}|`)) this.selectCache.delete(k);
    }
    this.selectCache.set(key, rows);
    return rows;
  }

  serialTarget(serial: string): number {
    return this.targets.intern(TargetKind.Serial, serial);
  }

  userTarget(clientUserId: string): number {
    return this.targets.intern(TargetKind.User, clientUserId);
  }

  addUser(user: Omit<UserRecord, "seq">): UserRecord {
    const record: UserRecord = { ...user, seq: this.versions.users.seq + 1 };
    this.dirty.users = true;
    this.users.push(record);
    if (record.status === "Registered" || record.status === "Associated") {
      this.activeUsers.set(record.clientUserId, record);
    }
    return record;
  }

  touchUser(user: UserRecord): void {
    user.seq = this.versions.users.seq + 1;
    this.dirty.users = true;
    if (user.status === "Retired" || user.status === "Deleted") {
      if (this.activeUsers.get(user.clientUserId) === user) this.activeUsers.delete(user.clientUserId);
    }
  }

  /** The user's current state: the active entry, else the newest retired one. */
  latestUser(clientUserId: string): UserRecord | undefined {
    const active = this.activeUsers.get(clientUserId);
    if (active) return active;
    for (let i = this.users.length - 1; i >= 0; i--) {
      if (this.users[i]?.clientUserId === clientUserId) return this.users[i];
    }
    return undefined;
  }

  clientConfigBody(): Omit<ClientConfigResponse, "uId" | "tokenExpirationDate" | "mdmInfo"> {
    const c = this.clientConfig;
    return {
      countryISO2ACode: this.countryISO2ACode,
      defaultPlatform: this.defaultPlatform,
      locationName: this.locationName,
      ...(c.notificationAuthToken !== undefined ? { notificationAuthToken: c.notificationAuthToken } : {}),
      ...(c.notificationUrl !== undefined ? { notificationUrl: c.notificationUrl } : {}),
      subscribedNotificationTypes: [...c.notificationTypes],
      websiteURL: this.websiteURL,
    };
  }
}

export function toResponseUser(u: UserRecord): ResponseUser {
  return {
    clientUserId: u.clientUserId,
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.idHash !== undefined ? { idHash: u.idHash } : {}),
    ...(u.inviteCode !== undefined ? { inviteCode: u.inviteCode } : {}),
    status: u.status,
  };
}
