/**
 * The proxy's HTTP API as types: what /api/* answers. Dependency-free, so the web imports it
 * with `import type` (as it does Apple's contract in ./apple/types.ts) — no second copy.
 */
import type { MdmInfo, PricingParam } from "./apple/types.js";
import type { AlertRule, AlertSeverity, WebhookEvent } from "./contract/alerts.js";

export type ExpiryState = "ok" | "warning" | "critical" | "expired";

export type Upstream = "apple" | "sandbox";

export interface LocationView {
  id: string;
  orgName: string;
  locationName: string;
  uId: string;
  expDate: string;
  daysToExpiry: number;
  expiryState: ExpiryState;
  upstream: Upstream;
  mdmInfo?: MdmInfo;
  managedByOther: boolean;
  managedByUs: boolean;
  /** Apple refused the token (9601 unknown, 9621 expired, 9625 revoked) since it was uploaded. */
  tokenRefused?: { errorNumber: number; message: string; at: string };
  createdAt: string;
  updatedAt: string;
}

export interface AssetMetadata {
  name: string;
  iconUrl?: string;
  kind: string;
  bundleId?: string;
  artistName?: string;
  customApp: boolean;
}

/** An API token as listed: never the token itself (shown once, at creation, then only its prefix). */
export interface ApiTokenView {
  id: string;
  name: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  role: "admin" | "viewer";
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  result: string;
  detail: Record<string, unknown> | null;
}

/** Licence jobs (assets/…) and people jobs (users/…: register, update, retire). */
export type JobType = "associate" | "disassociate" | "revoke" | UserJobType;
export type UserJobType = "create-users" | "update-users" | "retire-users";

/** A person as a users job sends them to Apple (create / update; retire needs only the id). */
export interface JobUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface JobAsset {
  adamId: string;
  pricingParam: PricingParam;
}

export interface JobRequest {
  type: JobType;
  assets: JobAsset[];
  serialNumbers: string[];
  clientUserIds: string[];
  /** create-users / update-users: what is sent for each clientUserId. */
  users?: JobUser[];
  /** retire-users: the revoke job of the same people that runs just before this one. */
  after?: string;
}

export type JobState = "queued" | "running" | "paused" | "complete" | "failed" | "cancelled";
export type ChunkState =
  | "planned"
  | "sending"
  | "sent"
  | "complete"
  | "failed"
  | "cancelled"
  /** Sent, and the job ended before Apple said what became of it. */
  | "unconfirmed";

/** How a finished chunk's per-target result is known. */
export type Confirmation =
  /** Apple's event said it: every target not in `failures` was done. */
  | "apple"
  /** Apple's event did not say for every target; each was checked in Apple's assignments. */
  | "reconciled"
  /** Nothing confirms it: the targets' outcome is unknown. */
  | "unconfirmed";

/** Why a job stopped calling Apple until someone acts. */
export interface JobPause {
  code: "TOKEN_REFUSED" | "MANAGED_BY_OTHER";
  message: string;
  appleErrorNumber?: number;
  at: string;
}

/** A target's result that Apple's event did not state, found in Apple's assignments (or not). */
export interface Outcome {
  seq: number;
  outcome: "verified" | "not-done" | "unconfirmed";
  adamId: string | null;
  pricingParam: string | null;
  serialNumber: string | null;
  clientUserId: string | null;
  /** Revoke: licences the target held before the job and no longer holds. */
  count: number | null;
}

export interface JobPlan {
  requests: number;
  limits: Record<string, number>;
  perAsset: { adamId: string; pricingParam: string; needed: number; available: number | null }[];
  warnings: string[];
  /**
   * Unassign / revoke: the licences the targets hold now, per asset, from the console's copy (what
   * the job would take back), and when the copy was last brought up to date; null when not known.
   */
  takeBack?: { perAsset: { adamId: string; pricingParam: string; held: number }[]; syncedAt?: string } | null;
}

export interface Chunk {
  seq: number;
  state: ChunkState;
  assets: JobAsset[];
  serialNumbers: string[];
  clientUserIds: string[];
  eventId: string | null;
  eventStatus: string | null;
  /** When the current eventId was received (ISO). */
  sentAt: string | null;
  numRequested: number | null;
  numCompleted: number | null;
  possiblyRepeated: boolean;
  attempts: number;
  error: string | null;
  confirmation: Confirmation | null;
}

export interface Failure {
  seq: number;
  errorNumber: number;
  errorMessage: string;
  adamId: string | null;
  pricingParam: string | null;
  serialNumber: string | null;
  clientUserId: string | null;
}

export interface Job {
  id: string;
  locationId: string;
  type: JobType;
  state: JobState;
  request: JobRequest;
  plan: JobPlan;
  requestedBy: string;
  retryOf: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  paused: JobPause | null;
  acknowledgedMdm: string | null;
}

export interface JobSnapshot extends Job {
  chunks: Chunk[];
  failures: (Failure & { explanation: string })[];
  outcomes: Outcome[];
  numRequested: number;
  numCompleted: number;
  chunksSent: number;
}

/** How the copy learnt a fact: the first import, a delta, a notification, a job, a full re-read. */
export type SyncVia = "import" | "delta" | "notification" | "job" | "full";

export type SyncState = "never" | "idle" | "queued" | "running" | "failed" | "stopped";

export interface SyncProgress {
  kind: "import" | "delta" | "full";
  phase: "assets" | "assignments" | "users" | "checking" | "switching";
  pagesDone: number;
  /** Known once the first page of each stream is in; grows as streams start. */
  pagesTotal: number;
  startedAt: string;
  /** Seconds left at the pace so far (absent until a few pages are in). */
  etaSeconds?: number;
}

export interface SyncStatus {
  locationId: string;
  state: SyncState;
  progress?: SyncProgress;
  syncedAt?: string;
  via?: SyncVia;
  lastError?: string;
  lastFullAt?: string;
  /** What the last full re-read changed in the copy. */
  lastChanges?: { added: number; removed: number; usersChanged: number; at: string };
  /** While a read runs: seconds left on a wait Apple asked for (429 / 503 Retry-After). */
  waitSeconds?: number;
  notifications: "off" | "registered" | "failed";
  notificationsError?: string;
}

/** Every list the copy answers: one page of items, the total matching, and how fresh it is. */
export interface CopyList<T> {
  items: T[];
  total: number;
  nextCursor?: string;
  syncedAt?: string;
  via?: SyncVia;
}

export interface CopyAsset {
  adamId: string;
  pricingParam: PricingParam;
  productType: "App" | "Book";
  deviceAssignable: boolean;
  revocable: boolean;
  unlimited: boolean;
  totalCount: number | null;
  assignedCount: number;
  availableCount: number | null;
  retiredCount: number | null;
  supportedPlatforms: string[];
  name?: string;
}

export interface CopyAssignment {
  adamId: string;
  pricingParam: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
  /** A user's state and e-mail, as the copy knows them. */
  userStatus?: "Registered" | "Associated" | "Retired" | "Deleted";
  email?: string;
  /** The person's name from the console's directory. */
  name?: string;
}

export interface CopyUser {
  clientUserId: string;
  status: "Registered" | "Associated" | "Retired" | "Deleted";
  email?: string;
  idHash?: string;
  inviteCode?: string;
  /** Licences this user holds in the copy. */
  held: number;
  /** From the console's directory: the person's name and groups. */
  name?: string;
  groups?: string[];
}

/** A user's state at Apple as the copy knows it; null when Apple has no such user. */
export type AppleState = "Registered" | "Associated" | "Retired" | "Deleted" | null;

/** One person of a roster, as read (before anything is sent to Apple). */
export interface RosterPerson {
  line: number;
  clientUserId: string;
  /** How the clientUserId came: the file, an Apple user with the same e-mail, or made from the e-mail. */
  idFrom: "file" | "apple" | "generated";
  email: string | null;
  name: string;
  managedAppleId: string | null;
  groups: string[];
}

export interface RosterProblem {
  line: number;
  message: string;
}

/** POST /api/locations/:id/people/roster: the roster read against Apple's users; nothing saved or sent. */
export interface RosterPreview {
  people: (RosterPerson & { apple: AppleState })[];
  problems: RosterProblem[];
  /** Which column fed each field (by header name), or "by position" without a header row. */
  columns: Partial<Record<string, string>>;
  header: boolean;
  /** People not active at Apple: those a registration would send. */
  toRegister: number;
  /** False before the location's first import: then everyone counts as new. */
  synced: boolean;
}

/** GET /api/locations/:id/people/:clientUserId */
export interface PersonView {
  person: Person | null;
  apple: { status: string; email: string | null } | null;
  /** Apple's invitation link while the person is Registered and has not accepted. */
  invitation: string | null;
}

/** A person of the console's directory (names, e-mails, groups of a location's users). */
export interface Person {
  clientUserId: string;
  name: string;
  email: string | null;
  managedAppleId: string | null;
  groups: string[];
  source: "registered" | "imported";
}

export interface SearchHit {
  kind: "asset" | "device" | "user";
  locationId: string;
  locationName: string;
  /** adamId:pricingParam, a serial number or a clientUserId. */
  key: string;
  label: string;
  detail?: string;
}

export interface LocationSummary {
  location: LocationView;
  sync: SyncStatus;
  owned: number;
  assigned: number;
  available: number;
  unlimitedTitles: number;
  titles: number;
  /** Limited titles with fewer than 10 licences left (as the location's overview counts them). */
  runningOut: number;
  jobsWithFailures: number;
}

/** GET /api/locations/:id/forecasts: when a limited title runs out at the last 30 days' pace. */
export interface ForecastView {
  adamId: string;
  pricingParam: string;
  available: number;
  perDay: number;
  daysLeft: number;
  method: string;
}

/** One alert in the notification centre: fired once per condition, cleared when the condition ends. */
export interface AlertView {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  locationId: string | null;
  locationName: string | null;
  title: string;
  body: string;
  /** The console screen that shows it (a path such as /l/…/assets/…). */
  link: string;
  firedAt: string;
  clearedAt: string | null;
  read: boolean;
}

export interface WebhookView {
  id: string;
  name: string;
  /** The address with its path hidden (a Slack or Teams URL is itself a secret). */
  urlHint: string;
  kind: "generic" | "slack" | "teams";
  events: WebhookEvent[];
  createdAt: string;
  lastDelivery: { at: string; status: WebhookDeliveryView["status"] } | null;
}

export interface WebhookDeliveryView {
  id: number;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAt: string | null;
  deliveredAt: string | null;
}
