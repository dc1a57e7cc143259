import { z } from "zod";
import { accountChangeSchema, newAccountSchema, passwordChangeSchema } from "../auth/account-routes.js";
import { signInSchema } from "../auth/routes.js";
import {
  alertChannelsSchema,
  alertReadSchema,
  alertSettingsSchema,
  apiTokenInputSchema,
  assignmentQuerySchema,
  guardrailsSchema,
  jobInputSchema,
  priceInputSchema,
  reclaimInputSchema,
  registerPeopleSchema,
  retirePeopleSchema,
  ruleInputSchema,
  searchQuerySchema,
  syncRequestSchema,
  userQuerySchema,
  webhookInputSchema,
} from "../contract/index.js";
import { assetSelectionSchema, assignmentExportQuerySchema } from "../export/routes.js";
import { resumeSchema } from "../jobs/routes.js";

/** Who may call: nobody signed in, any session or token, an admin, or Apple (its own credentials). */
export type Access = "none" | "any" | "admin" | "apple";

export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Express's path: /api/locations/:id */
  path: string;
  access: Access;
  tag: string;
  summary: string;
  /** The zod schema the route validates its JSON body with (the same object). */
  body?: z.ZodType;
  /** A body that is a file's text (a token, a CSV). */
  text?: "text/plain" | "text/csv";
  query?: z.ZodType;
  /** The answer on success: 200 JSON unless said. */
  ok?: 200 | 201 | 202 | 204 | 303;
  produces?: "text/csv" | "text/event-stream" | "image/*" | "text/plain";
}

const op = (
  spec: `${Operation["method"]} ${string}`,
  access: Access,
  tag: string,
  summary: string,
  more: Partial<Operation> = {},
): Operation => {
  const [method, path] = spec.split(" ") as [Operation["method"], string];
  return { method, path, access, tag, summary, ...more };
};

/**
 * Every route of the proxy's API, with the schemas its handler validates. The OpenAPI document is
 * made from this list, and a test checks it against the routes the app really registers.
 */
export const OPERATIONS: Operation[] = [
  op("GET /api/health", "none", "Console", "Liveness, and whether the embedded sandbox is on"),
  op(
    "GET /api/ready",
    "none",
    "Console",
    "Readiness: the store answers and Apple can be reached (503 if not)",
  ),
  op("GET /api/openapi.json", "none", "Console", "This document"),
  op("POST /api/notifications/:key", "apple", "Console", "Apple's notifications for one location", {
    body: z.record(z.string(), z.unknown()),
  }),
  op("POST /api/session", "none", "Sign-in", "Sign in (sets the session cookie)", {
    body: signInSchema,
    ok: 204,
  }),
  op("GET /api/session", "none", "Sign-in", "Who is signed in"),
  op("DELETE /api/session", "none", "Sign-in", "Sign out", { ok: 204 }),
  op(
    "GET /api/oidc/start",
    "none",
    "Sign-in",
    "Single sign-on: a page navigation to the identity provider (?next=/path to come back to)",
    { ok: 303 },
  ),
  op(
    "GET /api/oidc/callback",
    "none",
    "Sign-in",
    "Single sign-on: where the identity provider sends the browser back; signs in, then on to next",
    { ok: 303 },
  ),
  op("POST /api/session/password", "any", "Sign-in", "Change my password (a person, not a token)", {
    body: passwordChangeSchema,
    ok: 204,
  }),
  op("DELETE /api/sessions", "any", "Sign-in", "Sign out everywhere: every session of my account ends"),
  op("GET /api/accounts", "admin", "Accounts", "Local accounts"),
  op("POST /api/accounts", "admin", "Accounts", "Add an account", { body: newAccountSchema, ok: 201 }),
  op("PATCH /api/accounts/:id", "admin", "Accounts", "Change a role, switch off or on", {
    body: accountChangeSchema,
  }),
  op("POST /api/accounts/:id/reset-password", "admin", "Accounts", "A new password, shown once"),
  op("POST /api/accounts/:id/sign-out", "admin", "Accounts", "End every session of another account"),
  op("DELETE /api/accounts/:id", "admin", "Accounts", "Delete an account", { ok: 204 }),
  op("GET /api/tokens", "admin", "API tokens", "API tokens (never the tokens themselves)"),
  op("POST /api/tokens", "admin", "API tokens", "Make a token (in this answer only; a person, not a token)", {
    body: apiTokenInputSchema,
    ok: 201,
  }),
  op("DELETE /api/tokens/:tokenId", "admin", "API tokens", "Revoke a token", { ok: 204 }),
  op("GET /api/locations", "any", "Locations", "Every location"),
  op("GET /api/locations/:id", "any", "Locations", "One location"),
  op("POST /api/locations", "admin", "Locations", "Add or renew a location from its .vpptoken text", {
    text: "text/plain",
    ok: 201,
  }),
  op("POST /api/locations/sandbox", "admin", "Locations", "The demo location on the embedded sandbox", {
    ok: 201,
  }),
  op("POST /api/locations/:id/claim", "admin", "Locations", "Make this console the location's manager"),
  op("DELETE /api/locations/:id", "admin", "Locations", "Remove a location and its token", { ok: 204 }),
  op(
    "GET /api/locations/:id/vpp/{*rest}",
    "any",
    "Apple",
    "A read forwarded to Apple (allow-listed paths only)",
  ),
  op("GET /api/locations/:id/metadata", "any", "Apple", "Names and icons of apps and books (?ids=1,2)"),
  op("GET /api/locations/:id/icons/:adamId", "any", "Apple", "An app's icon", { produces: "image/*" }),
  op("GET /api/locations/:id/export/preflight", "any", "Exports", "What an export would hold"),
  op("GET /api/locations/:id/export/assignments.csv", "any", "Exports", "Assignments as CSV", {
    query: assignmentExportQuerySchema,
    produces: "text/csv",
  }),
  op("GET /api/locations/:id/export/assets.csv", "any", "Exports", "Apps and books as CSV", {
    produces: "text/csv",
  }),
  op("POST /api/locations/:id/export/assets.csv", "any", "Exports", "Chosen apps and books as CSV", {
    body: assetSelectionSchema,
    produces: "text/csv",
  }),
  op("GET /api/locations/:id/assets", "any", "Copy", "Every asset from the location's copy"),
  op("GET /api/locations/:id/assignments", "any", "Copy", "One page of assignments from the copy", {
    query: assignmentQuerySchema,
  }),
  op("GET /api/locations/:id/users", "any", "Copy", "One page of users from the copy", {
    query: userQuerySchema,
  }),
  op("GET /api/locations/:id/sync", "any", "Copy", "The copy's state"),
  op("POST /api/locations/:id/sync", "any", "Copy", "Read Apple now (a delta, or everything)", {
    body: syncRequestSchema,
    ok: 202,
  }),
  op("GET /api/search", "any", "Copy", "Search every location's copy", { query: searchQuerySchema }),
  op("GET /api/overview", "any", "Copy", "One line per location"),
  op("POST /api/locations/:id/jobs/plan", "admin", "Jobs", "What a job would send, without sending", {
    body: jobInputSchema,
  }),
  op("POST /api/locations/:id/jobs", "admin", "Jobs", "Start a job", { body: jobInputSchema, ok: 202 }),
  op("GET /api/locations/:id/jobs", "any", "Jobs", "The location's jobs"),
  op("GET /api/jobs/:id", "any", "Jobs", "A job with its chunks, failures and outcomes"),
  op("GET /api/jobs/:id/events", "any", "Jobs", "A job's progress as server-sent events", {
    produces: "text/event-stream",
  }),
  op("POST /api/jobs/:id/cancel", "admin", "Jobs", "Cancel what is not sent yet", { ok: 202 }),
  op("POST /api/jobs/:id/retry-failed", "admin", "Jobs", "A new job of the failed targets", { ok: 202 }),
  op("POST /api/jobs/:id/resume", "admin", "Jobs", "Go on with a paused job", { body: resumeSchema }),
  op("GET /api/jobs/:id/results.csv", "any", "Jobs", "Every target's result", { produces: "text/csv" }),
  op("POST /api/locations/:id/people/roster", "admin", "People", "Import a roster CSV", { text: "text/csv" }),
  op("POST /api/locations/:id/people", "admin", "People", "Register people", {
    body: registerPeopleSchema,
    ok: 202,
  }),
  op("POST /api/locations/:id/people/retire", "admin", "People", "Retire people", {
    body: retirePeopleSchema,
    ok: 202,
  }),
  op("GET /api/locations/:id/people/groups", "any", "People", "Directory groups"),
  op("GET /api/locations/:id/people/groups/:group", "any", "People", "Everyone in a group"),
  op("GET /api/locations/:id/people/invitations.csv", "any", "People", "Invitation links for a mail merge", {
    produces: "text/csv",
  }),
  op("GET /api/locations/:id/people/:clientUserId", "any", "People", "One person"),
  op("GET /api/reclaim/lists", "any", "Reclaim", "Uploaded inventories and rosters"),
  op("POST /api/reclaim/lists/preview", "admin", "Reclaim", "Read a list without saving it", {
    text: "text/csv",
  }),
  op("POST /api/reclaim/lists", "admin", "Reclaim", "Save an inventory or roster", {
    text: "text/csv",
    ok: 201,
  }),
  op("DELETE /api/reclaim/lists/:listId", "admin", "Reclaim", "Delete a list", { ok: 204 }),
  op("GET /api/reclaim/prices", "any", "Reclaim", "Prices per title"),
  op("PUT /api/reclaim/prices/:adamId", "admin", "Reclaim", "Set a title's price", {
    body: priceInputSchema,
  }),
  op("DELETE /api/reclaim/prices/:adamId", "admin", "Reclaim", "Forget a title's price", { ok: 204 }),
  op("POST /api/reclaim/prices.csv", "admin", "Reclaim", "Import prices (adamId, price, currency)", {
    text: "text/csv",
  }),
  op("GET /api/reclaim/guardrails", "any", "Reclaim", "Confirmation and approval thresholds"),
  op("PUT /api/reclaim/guardrails", "admin", "Reclaim", "Set the guardrails", { body: guardrailsSchema }),
  op("GET /api/locations/:id/reclaim/value", "any", "Reclaim", "Owned, assigned and unassigned value"),
  op("GET /api/locations/:id/reclaim/rules", "any", "Reclaim", "The location's rules"),
  op("POST /api/locations/:id/reclaim/rules", "admin", "Reclaim", "Save a rule", {
    body: ruleInputSchema,
    ok: 201,
  }),
  op("GET /api/locations/:id/reclaim/rules/:ruleId", "any", "Reclaim", "One rule"),
  op("PUT /api/locations/:id/reclaim/rules/:ruleId", "admin", "Reclaim", "Change a rule", {
    body: ruleInputSchema,
  }),
  op("DELETE /api/locations/:id/reclaim/rules/:ruleId", "admin", "Reclaim", "Delete a rule", { ok: 204 }),
  op(
    "GET /api/locations/:id/reclaim/rules/:ruleId/preview",
    "any",
    "Reclaim",
    "What the rule finds, with value",
  ),
  op("GET /api/locations/:id/reclaim/rules/:ruleId/preview.csv", "any", "Reclaim", "The exact list", {
    produces: "text/csv",
  }),
  op(
    "POST /api/locations/:id/reclaim/rules/:ruleId/reclaims",
    "admin",
    "Reclaim",
    "Take back a frozen selection",
    {
      body: reclaimInputSchema,
      ok: 201,
    },
  ),
  op("GET /api/locations/:id/reclaims", "any", "Reclaim", "Take-backs"),
  op("GET /api/locations/:id/reclaims/:reclaimId", "any", "Reclaim", "One take-back with its progress"),
  op("GET /api/locations/:id/reclaims/:reclaimId/items.csv", "any", "Reclaim", "Its licences", {
    produces: "text/csv",
  }),
  op("POST /api/locations/:id/reclaims/:reclaimId/approve", "admin", "Reclaim", "Approve (a second admin)"),
  op("POST /api/locations/:id/reclaims/:reclaimId/cancel", "admin", "Reclaim", "Cancel before it starts"),
  op("GET /api/alerts", "any", "Alerts", "The notification centre (?unread=1)"),
  op("POST /api/alerts/read", "any", "Alerts", "Mark alerts read (all when no ids)", {
    body: alertReadSchema,
  }),
  op("GET /api/alerts/channels", "admin", "Alerts", "Where alerts are mailed"),
  op("PUT /api/alerts/channels", "admin", "Alerts", "Set where alerts are mailed", {
    body: alertChannelsSchema,
  }),
  op("GET /api/locations/:id/forecasts", "any", "Alerts", "When limited titles run out at the current pace"),
  op("GET /api/locations/:id/alerts/settings", "any", "Alerts", "The location's alert rules"),
  op("PUT /api/locations/:id/alerts/settings", "admin", "Alerts", "Set the location's alert rules", {
    body: alertSettingsSchema,
  }),
  op("GET /api/webhooks", "admin", "Webhooks", "Webhooks"),
  op("POST /api/webhooks", "admin", "Webhooks", "Add a webhook (its secret in this answer only)", {
    body: webhookInputSchema,
    ok: 201,
  }),
  op("DELETE /api/webhooks/:id", "admin", "Webhooks", "Remove a webhook", { ok: 204 }),
  op(
    "POST /api/webhooks/:id/test",
    "admin",
    "Webhooks",
    "Send a test post to this webhook now (the answer is its delivery)",
  ),
  op("GET /api/webhooks/:id/deliveries", "admin", "Webhooks", "A webhook's delivery log"),
  op(
    "GET /api/metrics",
    "admin",
    "Console",
    "Prometheus metrics (scrape with an admin API token as Bearer)",
    {
      produces: "text/plain",
    },
  ),
  op("GET /api/audit", "admin", "Console", "The audit log (?limit=&before=)"),
];
