import { z } from "zod";

/**
 * The reclaim centre's contract: rules over a location's copy, their previews and value, and the
 * guarded take-backs (reclaims) made from a preview.
 */

/** A rule's query: what makes a licence wasted. */
export const ruleQuerySchema = z.discriminatedUnion("kind", [
  /** Device licences on serials the uploaded inventory no longer has. */
  z.strictObject({ kind: z.literal("not-in-inventory"), listId: z.string().min(1, "Choose an inventory") }),
  /** Device licences on serials the inventory last saw more than `days` ago. */
  z.strictObject({
    kind: z.literal("not-seen"),
    listId: z.string().min(1, "Choose an inventory"),
    days: z.number().int().min(1, "days is at least 1").max(3650, "days is at most 3650"),
  }),
  /** User licences held by users Apple has as Retired or Deleted. */
  z.strictObject({ kind: z.literal("retired-users") }),
  /** User licences held by users not in a roster (an uploaded list) or not in a directory group. */
  z
    .strictObject({
      kind: z.literal("not-in-roster"),
      listId: z.string().min(1).optional(),
      group: z.string().trim().min(1).max(200).optional(),
    })
    .refine((q) => (q.listId === undefined) !== (q.group === undefined), {
      message: "Choose either an uploaded roster or a directory group",
    }),
  /** Titles with licences nobody has taken for `days` (a report: nothing to take back). */
  z.strictObject({
    kind: z.literal("unused-titles"),
    days: z.number().int().min(1, "days is at least 1").max(3650, "days is at most 3650"),
  }),
  /** Licences of titles held by fewer than `below` people or devices. */
  z.strictObject({
    kind: z.literal("few-holders"),
    below: z.number().int().min(2, "below is at least 2").max(100_000),
  }),
]);

export const ruleInputSchema = z.strictObject({
  name: z.string().trim().min(1, "Name the rule").max(120, "A rule's name is at most 120 characters"),
  query: ruleQuerySchema,
  /** A dry run that only reports, on a schedule. */
  schedule: z.enum(["off", "daily", "weekly"]).default("off"),
  /** Take back automatically after each scheduled run (an admin's explicit choice per rule). */
  autoRun: z.boolean().default(false),
});

/** Take back what a preview showed: the preview's hash and count freeze the selection. */
export const reclaimInputSchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, "hash is the preview's hash"),
  count: z.number().int().min(1, "Nothing to take back"),
  /** The exact count, typed, when it is above the confirmation guardrail. */
  confirmCount: z.number().int().optional(),
  /** Wall time in the reclaim time zone ("2026-11-23T22:00"); absent: now. */
  runAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "runAt is a date and time like 2026-11-23T22:00")
    .optional(),
  /** How many licences the copy may have moved by when the job starts (0: any change refuses it). */
  tolerance: z.number().int().min(0).max(1_000_000).default(0),
  confirmOtherMdm: z.boolean().optional(),
});

export const guardrailsSchema = z.strictObject({
  /** Above this many licences a typed confirmation of the exact count is needed. */
  confirmAbove: z.number().int().min(0).max(10_000_000),
  /** Above this many a second admin must approve. */
  approvalAbove: z.number().int().min(0).max(10_000_000),
  /** Where "tonight at 22:00" is. */
  timeZone: z.string().refine(validTimeZone, "Unknown time zone (use an IANA name like Europe/London)"),
});

export const priceInputSchema = z.strictObject({
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,4})?$/, "amount is a number like 4.99"),
  currency: z.string().trim().toUpperCase().refine(validCurrency, "currency is an ISO 4217 code like USD"),
});

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function validCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

export type RuleQuery = z.infer<typeof ruleQuerySchema>;
export type RuleKind = RuleQuery["kind"];
export type RuleInput = z.input<typeof ruleInputSchema>;
export type ReclaimInput = z.input<typeof reclaimInputSchema>;
export type Guardrails = z.infer<typeof guardrailsSchema>;
export type PriceInput = z.input<typeof priceInputSchema>;

/** An amount in one currency (a decimal string): amounts in different currencies are never added. */
export interface Money {
  currency: string;
  amount: string;
}

export interface RuleRun {
  at: string;
  count: number;
  value: Money[];
  hash: string;
  /** Set when the scheduled run took the licences back (autoRun). */
  reclaimId?: string;
}

export interface ReclaimRule {
  id: string;
  locationId: string;
  name: string;
  query: RuleQuery;
  schedule: "off" | "daily" | "weekly";
  autoRun: boolean;
  lastRun: RuleRun | null;
  nextRunAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** What Apple will be asked to do: revoke targets, unassign titles, or nothing (a report). */
export type ReclaimAction = "revoke" | "disassociate" | "none";

export interface PreviewAsset {
  adamId: string;
  pricingParam: string;
  name: string | null;
  productType: string | null;
  /** Licences taken back. */
  count: number;
  /** Licences that stay: Apple cannot take books (or other non-revocable assets) back. */
  leftOut: number;
  price: Money | null;
  value: Money | null;
}

export interface PreviewItem {
  kind: "device" | "user";
  target: string;
  adamId: string;
  pricingParam: string;
  /** Why this licence is selected ("not in inventory", "last seen 2026-03-01"). */
  reason: string;
  /** Apple cannot take it back (a book): listed, left out of the job. */
  leftOut: boolean;
}

/** Titles idle for the rule's days (unused-titles). */
export interface IdleTitle {
  adamId: string;
  pricingParam: string;
  name: string | null;
  available: number;
  /** The last time the copy saw this title's assigned count grow (null: never since it was read). */
  lastTakenAt: string | null;
  value: Money | null;
}

export interface ReclaimPreview {
  rule: ReclaimRule;
  action: ReclaimAction;
  /** What Apple will do, in words. */
  summary: string;
  syncedAt: string | null;
  count: number;
  hash: string;
  targets: { devices: number; users: number };
  perAsset: PreviewAsset[];
  leftOut: number;
  value: Money[];
  /** Licences taken back whose title has no price. */
  unpriced: number;
  /** The first licences of the list (the whole list is the CSV). */
  sample: PreviewItem[];
  idleTitles?: IdleTitle[];
  /** Titles the copy has watched for less than the rule's days (not judged). */
  notJudged?: number;
  guardrails: Guardrails;
}

export type ReclaimState = "awaiting-approval" | "scheduled" | "started" | "cancelled" | "refused";

export interface Reclaim {
  id: string;
  locationId: string;
  ruleId: string | null;
  ruleName: string;
  action: ReclaimAction;
  state: ReclaimState;
  count: number;
  hash: string;
  tolerance: number;
  value: Money[];
  runAt: string | null;
  timeZone: string;
  requestedBy: string;
  createdAt: string;
  needsApproval: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
  startedAt: string | null;
  jobIds: string[];
  error: string | null;
  /** Once started: jobs finished or not, licences now gone from the copy and their value. */
  progress: { jobsDone: number; jobs: number; recovered: number; value: Money[] } | null;
}

export type ListKind = "inventory" | "roster";

export interface ReclaimList {
  id: string;
  kind: ListKind;
  name: string;
  entries: number;
  keyColumn: string;
  seenColumn: string | null;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ListProblem {
  line: number;
  message: string;
}

export interface ListPreview {
  kind: ListKind;
  columns: string[];
  keyColumn: string;
  seenColumn: string | null;
  entries: number;
  sample: { key: string; seenAt: string | null }[];
  problems: ListProblem[];
  /** Problems beyond the first 200 are counted, not listed. */
  moreProblems: number;
}

export interface PriceRow {
  adamId: string;
  amount: string;
  currency: string;
  updatedBy: string;
  updatedAt: string;
}

export interface LocationValue {
  perCurrency: { currency: string; owned: string; assigned: string; unassigned: string }[];
  titles: number;
  unpricedTitles: number;
}
