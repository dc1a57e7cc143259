import crypto from "node:crypto";
import type { Logger } from "pino";
import { appleRequest } from "../apple/client.js";
import type {
  AssetCountNotification,
  AssetManagementNotification,
  NotificationEnvelope,
  NotificationType,
  UserAssociatedNotification,
  UserManagementNotification,
} from "../apple/types.js";
import { ApiError } from "../http/errors.js";
import type { LocationService } from "../locations/service.js";
import type { Db } from "../store/db.js";
import { pairOf, type CopyPair } from "./copy-store.js";
import type { SyncService } from "./service.js";

export const SUBSCRIBED: NotificationType[] = [
  "ASSET_COUNT",
  "ASSET_MANAGEMENT",
  "USER_MANAGEMENT",
  "USER_ASSOCIATED",
];

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest();

/**
 * Apple's notifications (apple-v2-api.md §9): a per-location unguessable URL and a shared secret
 * kept only as a hash; each notification stored before it is acknowledged, de-duplicated by its
 * id, then applied to the copy by a worker in the order received.
 */
export class NotificationInbox {
  private draining = false;

  constructor(
    private readonly deps: {
      db: Db;
      sync: SyncService;
      locations: LocationService;
      logger: Logger;
      /** The console's public address; notifications are registered only when it is set. */
      publicUrl: string | undefined;
    },
  ) {}

  /** Store one delivery (401 for a wrong secret, 404 for an unknown key or another location's). */
  receive(key: string, authorization: string | undefined, body: unknown): { duplicate: boolean } {
    const { db } = this.deps;
    const row = db
      .prepare(
        "SELECT s.id, s.notify_hash, l.u_id FROM sync_locations s JOIN locations l ON l.id = s.location_id WHERE s.notify_key = ?",
      )
      .get(key) as { id: number; notify_hash: string | null; u_id: string } | undefined;
    if (!row || !row.notify_hash) throw new ApiError(404, "NOT_FOUND", "No such notification address.");
    const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
    if (!crypto.timingSafeEqual(sha256(given), Buffer.from(row.notify_hash, "hex")))
      throw new ApiError(401, "UNAUTHENTICATED", "The notification's credentials are not this location's.");
    const env = body as Partial<NotificationEnvelope>;
    if (
      typeof env !== "object" ||
      env === null ||
      typeof env.notificationId !== "string" ||
      typeof env.notificationType !== "string" ||
      typeof env.notification !== "object"
    )
      throw new ApiError(400, "BAD_NOTIFICATION", "This is not one of Apple's notifications.");
    if (env.uId !== row.u_id)
      throw new ApiError(404, "NOT_FOUND", "This notification is for another location.");
    const stored = db
      .prepare(
        "INSERT OR IGNORE INTO sync_notifications (notification_id, loc, type, body, received_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        env.notificationId,
        row.id,
        env.notificationType,
        JSON.stringify(env.notification),
        Date.now(),
      ).changes;
    if (stored) setImmediate(() => this.drain());
    return { duplicate: stored === 0 };
  }

  /** Apply what is stored and not yet applied, oldest first (also after a restart). */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      const { db } = this.deps;
      const pending = db.prepare(
        "SELECT notification_id, loc, type, body FROM sync_notifications WHERE applied_at IS NULL ORDER BY received_at LIMIT 100",
      );
      for (;;) {
        const rows = pending.all() as {
          notification_id: string;
          loc: number;
          type: NotificationType;
          body: string;
        }[];
        if (rows.length === 0) break;
        for (const n of rows) {
          let error: string | null = null;
          try {
            this.apply(n.loc, n.type, JSON.parse(n.body) as unknown);
          } catch (err) {
            error = err instanceof Error ? err.message : String(err);
            this.deps.logger.warn(
              { notificationId: n.notification_id, err: error },
              "notification not applied",
            );
          }
          db.prepare("UPDATE sync_notifications SET applied_at = ?, error = ? WHERE notification_id = ?").run(
            Date.now(),
            error,
            n.notification_id,
          );
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Register this console's address with Apple for the location (only when PUBLIC_URL is set). */
  async register(locationId: string): Promise<void> {
    const { db, publicUrl, locations, sync } = this.deps;
    const loc = sync.copy.locOf(locationId);
    if (!publicUrl) return;
    const target = locations.usableTarget(locationId, "notifications cannot be registered");
    if (target.location.managedByOther) {
      return this.mark(
        loc,
        "off",
        "Another MDM manages this location; its notifications stay where they go.",
      );
    }
    const key = crypto.randomBytes(24).toString("base64url");
    const secret = crypto.randomBytes(32).toString("base64url");
    // Stored first: Apple sends a TEST_NOTIFICATION before it accepts the address.
    db.prepare("UPDATE sync_locations SET notify_key = ?, notify_hash = ? WHERE id = ?").run(
      key,
      sha256(secret).toString("hex"),
      loc,
    );
    try {
      await appleRequest(target, "POST", "client/config", {
        body: {
          notificationUrl: `${publicUrl.replace(/\/+$/, "")}/api/notifications/${key}`,
          notificationAuthToken: secret,
          notificationTypes: SUBSCRIBED,
        },
      });
      this.mark(loc, "registered", null);
    } catch (err) {
      this.mark(loc, "failed", err instanceof Error ? err.message : String(err));
    }
  }

  private mark(loc: number, state: string, error: string | null): void {
    this.deps.db
      .prepare(
        "UPDATE sync_locations SET notify_state = ?, last_error = coalesce(?, last_error) WHERE id = ?",
      )
      .run(state, error, loc);
  }

  private apply(loc: number, type: NotificationType, n: unknown): void {
    const { db, sync } = this.deps;
    const copy = sync.copy;
    const locationId = (
      db.prepare("SELECT location_id FROM sync_locations WHERE id = ?").get(loc) as
        { location_id: string } | undefined
    )?.location_id;
    if (!locationId) return;
    if (type === "ASSET_COUNT") {
      const c = n as AssetCountNotification;
      // An impossible count (negative, more assigned than owned) means the copy is off: read the assets again.
      if (!copy.assets.moveAssetCount(loc, c.adamId, c.pricingParam ?? "STDQ", c.countDelta))
        sync.request(locationId, "delta");
    } else if (type === "ASSET_MANAGEMENT") {
      const m = n as AssetManagementNotification;
      if (m.result !== "SUCCESS") return;
      const pairs = m.assignments.map(pairOf).filter((p): p is CopyPair => p !== undefined);
      if (m.type === "ASSOCIATE") copy.applyPairs(loc, pairs, [], "notification");
      else copy.applyPairs(loc, [], pairs, "notification");
    } else if (type === "USER_MANAGEMENT" || type === "USER_ASSOCIATED") {
      const users =
        type === "USER_MANAGEMENT"
          ? (n as UserManagementNotification).result === "SUCCESS"
            ? (n as UserManagementNotification).users
            : []
          : (n as UserAssociatedNotification).associatedUsers;
      for (const gen of copy.gensOf(loc)) copy.putUsers(loc, gen, users, "merge");
    } else return;
    db.prepare("UPDATE sync_locations SET synced_at = ?, via = 'notification' WHERE id = ?").run(
      Date.now(),
      loc,
    );
  }
}
