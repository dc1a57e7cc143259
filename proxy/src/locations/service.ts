import crypto from "node:crypto";
import type { Logger } from "pino";
import { AppleApiError, appleRequest, isThrottle, type UpstreamTarget } from "../apple/client.js";
import { explainAppleError } from "../apple/errors.js";
import { UpstreamGate } from "../apple/gate.js";
import type { ServiceConfigCache } from "../apple/service-config.js";
import type { ClientConfigResponse, Envelope, MdmInfo } from "../apple/types.js";
import type { LocationView, Upstream } from "../api-types.js";
import type { AuditLog } from "../audit/audit.js";

export type { LocationView, Upstream };
import { ApiError } from "../http/errors.js";
import { getSetting, setSetting, type Db } from "../store/db.js";
import type { SecretBox } from "../store/secret-box.js";
import { expiryOf, parseAppleDate, parseContentToken, sandboxTokenMismatch } from "./token.js";
import { SEALED } from "../store/sealed.js";

export interface LocationServiceDeps {
  db: Db;
  box: SecretBox;
  audit: AuditLog;
  logger: Logger;
  serviceConfig: ServiceConfigCache;
  appleBaseUrl: string;
  sandboxBaseUrl: () => string | undefined;
  /** A content token for a new demo location of the embedded sandbox. */
  demoToken?: () => string;
  timeoutMs: number;
  version: string;
}

/** The token vault: upload, verify with Apple, encrypt at rest, renew by uId, erase on delete. */
interface Row {
  id: string;
  u_id: string;
  upstream: Upstream;
  org_name: string;
  location_name: string;
  exp_date: string;
  token_enc: Buffer;
  mdm_info: string | null;
  token_refused: string | null;
  created_at: number;
  updated_at: number;
}

export class LocationService {
  private readonly gates = new Map<string, UpstreamGate>();
  /** Uploads are not yet bound to a location: a hold Apple sets on one holds every upload to it. */
  private readonly uploadGates = new Map<string, UpstreamGate>();
  private readonly listeners: Record<
    "added" | "renewed" | "removed" | "taken-over",
    ((id: string) => void)[]
  > = {
    added: [],
    renewed: [],
    removed: [],
    "taken-over": [],
  };
  readonly mdmInfo: MdmInfo;

  constructor(private readonly deps: LocationServiceDeps) {
    let installationId = getSetting(deps.db, "installation_id");
    if (!installationId) {
      installationId = crypto.randomUUID();
      setSetting(deps.db, "installation_id", installationId);
    }
    this.mdmInfo = { id: installationId, name: "vpp-console", metadata: deps.version };
  }

  baseUrlOf(upstream: Upstream): string {
    if (upstream === "apple") return this.deps.appleBaseUrl;
    const sandbox = this.deps.sandboxBaseUrl();
    if (!sandbox)
      throw new ApiError(409, "SANDBOX_OFF", "The sandbox is switched off on this server (SANDBOX=off).");
    return sandbox;
  }

  list(): LocationView[] {
    const rows = this.deps.db
      .prepare("SELECT * FROM locations ORDER BY org_name, location_name")
      .all() as Row[];
    return rows.map((r) => this.view(r));
  }

  get(id: string): LocationView {
    return this.view(this.row(id));
  }

  /** Add a location from a .vpptoken's text, or renew the known location with the same uId. */
  async add(
    text: string,
    actor: string,
    upstream: Upstream = "apple",
  ): Promise<{ location: LocationView; renewed: boolean }> {
    const decoded = parseContentToken(text);
    const cToken = text.replace(/\s+/g, "");
    const baseUrl = this.baseUrlOf(upstream);
    const elsewhere = sandboxTokenMismatch(decoded.sandboxUrl, baseUrl);
    if (elsewhere) throw new ApiError(400, "SANDBOX_TOKEN", elsewhere);
    let cfg: ClientConfigResponse;
    try {
      cfg = await appleRequest<ClientConfigResponse>(
        this.uploadTarget(baseUrl, cToken),
        "GET",
        "client/config",
      );
    } catch (err) {
      throw this.refusal(err, "Apple did not accept this token");
    }
    const verifiedAt = Date.now();
    if (!cfg.uId)
      throw new ApiError(502, "APPLE_BAD_RESPONSE", "Apple's answer did not name the location (no uId).");
    const now = Date.now();
    const existing = this.deps.db
      .prepare("SELECT * FROM locations WHERE upstream = ? AND u_id = ?")
      .get(upstream, cfg.uId) as Row | undefined;
    const id = existing?.id ?? crypto.randomUUID();
    const sealed = this.deps.box.seal(cToken, SEALED.locationToken.context(id));
    const mdm = cfg.mdmInfo ? JSON.stringify(cfg.mdmInfo) : null;
    const db = this.deps.db;
    db.transaction(() => {
      if (existing) {
        db.prepare(
          `UPDATE locations SET token_enc = ?, exp_date = ?, org_name = ?, location_name = ?, mdm_info = ?,
           country = ?, default_platform = ?, token_refused = NULL, updated_at = ? WHERE id = ?`,
        ).run(
          sealed,
          decoded.expDate,
          decoded.orgName,
          cfg.locationName,
          mdm,
          cfg.countryISO2ACode ?? null,
          cfg.defaultPlatform ?? null,
          now,
          id,
        );
        db.prepare(
          "INSERT INTO location_renewals (location_id, previous_exp_date, new_exp_date, renewed_at, renewed_by) VALUES (?, ?, ?, ?, ?)",
        ).run(id, existing.exp_date, decoded.expDate, now, actor);
      } else {
        db.prepare(
          `INSERT INTO locations (id, u_id, upstream, org_name, location_name, exp_date, token_enc, mdm_info, country,
           default_platform, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          cfg.uId,
          upstream,
          decoded.orgName,
          cfg.locationName,
          decoded.expDate,
          sealed,
          mdm,
          cfg.countryISO2ACode ?? null,
          cfg.defaultPlatform ?? null,
          now,
          now,
        );
      }
    })();
    // Apple counts the verification against this location's rate, so its gate does too.
    this.gateOf(id, baseUrl).counted(verifiedAt);
    const location = this.get(id);
    this.deps.audit.record(actor, existing ? "location.renew" : "location.add", id, "ok", {
      orgName: location.orgName,
      locationName: location.locationName,
      uId: location.uId,
      expDate: location.expDate,
      managedByOther: location.managedByOther,
    });
    for (const listener of this.listeners[existing ? "renewed" : "added"]) listener(id);
    return { location, renewed: !!existing };
  }

  /** The demo location on the embedded sandbox: created once, then returned. */
  async addSandbox(actor: string): Promise<{ location: LocationView; created: boolean }> {
    const existing = this.deps.db
      .prepare("SELECT * FROM locations WHERE upstream = 'sandbox' LIMIT 1")
      .get() as Row | undefined;
    if (existing) return { location: this.view(existing), created: false };
    const cToken = this.deps.demoToken?.();
    if (!cToken)
      throw new ApiError(409, "SANDBOX_OFF", "The sandbox is switched off on this server (SANDBOX=off).");
    const { location } = await this.add(cToken, actor, "sandbox");
    return { location, created: true };
  }

  remove(id: string, actor: string): void {
    const row = this.row(id);
    for (const listener of this.listeners.removed) listener(id);
    this.deps.db.prepare("DELETE FROM locations WHERE id = ?").run(id);
    this.gates.delete(id);
    this.deps.audit.record(actor, "location.delete", id, "ok", {
      orgName: row.org_name,
      locationName: row.location_name,
      uId: row.u_id,
    });
  }

  /**
   * The target, if its token can still be used for `what` ("no job can run"); 409 in words when it
   * has expired, or Apple refused it since it was uploaded. The one place that decides this.
   */
  usableTarget(id: string, what: string): ReturnType<LocationService["target"]> {
    const t = this.target(id);
    if (t.location.expiryState === "expired") {
      throw new ApiError(
        409,
        "TOKEN_EXPIRED",
        `This location's token has expired, so ${what}. Upload a new token first.`,
      );
    }
    const refused = t.location.tokenRefused;
    if (refused) {
      throw new ApiError(
        409,
        "TOKEN_REFUSED",
        `Apple refused this location's token, so ${what}. ${refused.message}`,
        refused.errorNumber,
      );
    }
    return t;
  }

  /** Called after a location's token was renewed (jobs paused for a refused token go on). */
  onRenewed(listener: (id: string) => void): void {
    this.listeners.renewed.push(listener);
  }

  /** Called after a location was added, removed (its copy goes too), or taken over by another MDM. */
  on(event: "added" | "removed" | "taken-over", listener: (id: string) => void): void {
    this.listeners[event].push(listener);
  }

  /** Everything needed to call Apple for this location. The token never leaves the server. */
  target(id: string): UpstreamTarget & { location: LocationView } {
    const row = this.row(id);
    const baseUrl = this.baseUrlOf(row.upstream);
    return {
      location: this.view(row),
      ...this.upstreamOf(baseUrl),
      token: this.deps.box.open(row.token_enc, SEALED.locationToken.context(id)),
      gate: this.gateOf(id, baseUrl),
      onEnvelope: (env) => this.observe(id, env),
      onTokenRefused: (err) => this.tokenRefused(id, err.error.errorNumber),
    };
  }

  /** Apple refused the token itself: remembered (and shown) until a new token is uploaded. */
  tokenRefused(id: string, errorNumber: number): void {
    const refused = JSON.stringify({ errorNumber, at: new Date().toISOString() });
    const changed = this.deps.db
      .prepare("UPDATE locations SET token_refused = ? WHERE id = ? AND token_refused IS NULL")
      .run(refused, id).changes;
    if (changed) {
      this.deps.audit.record("apple", "location.token-refused", id, "failed", { errorNumber });
      this.deps.logger.warn({ locationId: id, errorNumber }, "Apple refused the location's token");
    }
  }

  /** Apple's current URLs for this upstream (re-read every 5 minutes), and the request timeout. */
  private upstreamOf(
    baseUrl: string,
  ): Pick<UpstreamTarget, "baseUrl" | "timeoutMs" | "urlFor" | "reloadUrls"> {
    const cache = this.deps.serviceConfig;
    return {
      baseUrl,
      timeoutMs: this.deps.timeoutMs,
      urlFor: (path) => {
        cache.refreshIfStale(baseUrl);
        return cache.urlFor(baseUrl, path);
      },
      reloadUrls: async () => void (await cache.reload(baseUrl)),
    };
  }

  /** Watch mdmInfo on every answer: record changes, and report another MDM taking over. */
  observe(id: string, env: Envelope): void {
    const row = this.deps.db.prepare("SELECT mdm_info FROM locations WHERE id = ?").get(id) as
      { mdm_info: string | null } | undefined;
    if (!row || env.mdmInfo === undefined) return;
    const next = JSON.stringify(env.mdmInfo);
    if (next === row.mdm_info) return;
    this.deps.db
      .prepare("UPDATE locations SET mdm_info = ?, updated_at = ? WHERE id = ?")
      .run(next, Date.now(), id);
    const before = row.mdm_info ? (JSON.parse(row.mdm_info) as MdmInfo) : undefined;
    if (env.mdmInfo.id !== this.mdmInfo.id) {
      this.deps.audit.record("apple", "location.managed-by-other", id, "ok", {
        previous: before?.name ?? null,
        now: env.mdmInfo.name,
        takenFromUs: before?.id === this.mdmInfo.id,
      });
      this.deps.logger.warn({ locationId: id, mdm: env.mdmInfo.name }, "another MDM manages this location");
      for (const listener of this.listeners["taken-over"]) listener(id);
    }
  }

  /** The explicit, audited "make this console the managing client" action. */
  async claim(id: string, actor: string): Promise<LocationView> {
    const t = this.target(id);
    try {
      await appleRequest<ClientConfigResponse>(t, "POST", "client/config", {
        body: { mdmInfo: this.mdmInfo },
      });
    } catch (err) {
      this.deps.audit.record(actor, "location.claim", id, "failed", {
        previous: t.location.mdmInfo?.name ?? null,
      });
      throw this.refusal(err, "Apple did not accept the change of managing client");
    }
    this.deps.audit.record(actor, "location.claim", id, "ok", { previous: t.location.mdmInfo?.name ?? null });
    return this.get(id);
  }

  /** Seconds left on a wait Apple asked for this location (0 when none). */
  heldFor(id: string): number {
    return this.gates.get(id)?.heldFor() ?? 0;
  }

  gateOf(id: string, baseUrl: string): UpstreamGate {
    let gate = this.gates.get(id);
    if (!gate) {
      gate = new UpstreamGate(() => this.deps.serviceConfig.peek(baseUrl)?.limits.maxRequestPerSecond ?? 15);
      this.gates.set(id, gate);
      void this.deps.serviceConfig.get(baseUrl).catch(() => undefined);
    }
    return gate;
  }

  /** Apple's refusal of an upload or claim is the user's to fix: 400 with Apple's number. */
  refusal(err: unknown, what: string): unknown {
    if (
      err instanceof AppleApiError &&
      !isThrottle(err.httpStatus, err.error.errorNumber) &&
      err.httpStatus < 500
    ) {
      return new ApiError(400, "APPLE_REFUSED", `${what}: ${err.message}`, err.error.errorNumber);
    }
    return err;
  }

  private uploadTarget(baseUrl: string, token: string): UpstreamTarget {
    let gate = this.uploadGates.get(baseUrl);
    if (!gate) {
      // Shared for its holds; uploads are for different locations, so Apple's per-location rate applies to each.
      gate = new UpstreamGate(() => this.deps.serviceConfig.peek(baseUrl)?.limits.maxRequestPerSecond ?? 15);
      this.uploadGates.set(baseUrl, gate);
    }
    return { ...this.upstreamOf(baseUrl), token, gate };
  }

  private row(id: string): Row {
    const row = this.deps.db.prepare("SELECT * FROM locations WHERE id = ?").get(id) as Row | undefined;
    if (!row) throw new ApiError(404, "LOCATION_NOT_FOUND", "There is no such location.");
    return row;
  }

  private view(r: Row): LocationView {
    const mdmInfo = r.mdm_info ? (JSON.parse(r.mdm_info) as MdmInfo) : undefined;
    const expiresAt = parseAppleDate(r.exp_date) ?? new Date(0);
    const refused = r.token_refused
      ? (JSON.parse(r.token_refused) as { errorNumber: number; at: string })
      : undefined;
    return {
      id: r.id,
      orgName: r.org_name,
      locationName: r.location_name,
      uId: r.u_id,
      expDate: r.exp_date,
      ...expiryOf(expiresAt),
      upstream: r.upstream,
      ...(mdmInfo ? { mdmInfo } : {}),
      managedByOther: !!mdmInfo && mdmInfo.id !== this.mdmInfo.id,
      managedByUs: mdmInfo?.id === this.mdmInfo.id,
      ...(refused ? { tokenRefused: { ...refused, message: explainAppleError(refused.errorNumber) } } : {}),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}
