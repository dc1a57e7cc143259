import type { ExpiryState } from "../api-types.js";
import { parseAppleDate } from "../apple/dates.js";
import type { DecodedToken } from "../apple/types.js";

export { parseAppleDate };

export type { ExpiryState };

export const MAX_TOKEN_BYTES = 64 * 1024;

/** A user mistake in an uploaded token: 400 with a precise, human message. */
export class TokenInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DOWNLOAD_HINT =
  "Download the location's token again from Apple School Manager or Apple Business Manager (Settings → Apps and Books) and upload that .vpptoken file.";

const longDate = (d: Date) =>
  d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Decode a .vpptoken file: Base64 → JSON → {token, expDate, orgName}; refuse expired tokens. */
export function parseContentToken(
  text: string,
  now = new Date(),
): DecodedToken & { expiresAt: Date; sandboxUrl?: string } {
  if (Buffer.byteLength(text, "utf8") > MAX_TOKEN_BYTES) {
    throw new TokenInputError(
      "TOKEN_TOO_LARGE",
      `The file is larger than 64 KiB, so it is not a content token. ${DOWNLOAD_HINT}`,
    );
  }
  const compact = text.replace(/\s+/g, "");
  if (compact === "") throw new TokenInputError("TOKEN_EMPTY", `The token is empty. ${DOWNLOAD_HINT}`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new TokenInputError(
      "TOKEN_NOT_BASE64",
      `This is not a content token: a .vpptoken file holds Base64 text, and this does not. ${DOWNLOAD_HINT}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(compact, "base64").toString("utf8"));
  } catch {
    throw new TokenInputError(
      "TOKEN_NOT_JSON",
      `The token is Base64 but does not decode to the JSON Apple puts in a content token. ${DOWNLOAD_HINT}`,
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TokenInputError(
      "TOKEN_NOT_JSON",
      `The token does not decode to a JSON object. ${DOWNLOAD_HINT}`,
    );
  }
  const fields = json as Record<string, unknown>;
  for (const name of ["token", "expDate", "orgName"] as const) {
    if (typeof fields[name] !== "string" || (fields[name] as string).trim() === "") {
      throw new TokenInputError(
        "TOKEN_FIELD_MISSING",
        `The token has no "${name}" field, so it is not a complete content token. ${DOWNLOAD_HINT}`,
      );
    }
  }
  const expDate = fields.expDate as string;
  const expiresAt = parseAppleDate(expDate);
  if (!expiresAt) {
    throw new TokenInputError(
      "TOKEN_BAD_DATE",
      `The token's expiry date "${expDate}" is not a date Apple would write. ${DOWNLOAD_HINT}`,
    );
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw new TokenInputError(
      "TOKEN_EXPIRED",
      `This token expired on ${longDate(expiresAt)}. Download a new one from Apple School Manager or Apple Business Manager (Settings → Apps and Books).`,
    );
  }
  return {
    token: fields.token as string,
    expDate,
    orgName: fields.orgName as string,
    expiresAt,
    ...(typeof fields.sandboxUrl === "string" ? { sandboxUrl: fields.sandboxUrl } : {}),
  };
}

/**
 * A token a standalone vpp-console sandbox made (`pnpm sandbox` marks its tokens with its address)
 * only works against that sandbox: said in words before anything is sent elsewhere.
 */
export function sandboxTokenMismatch(sandboxUrl: string | undefined, baseUrl: string): string | undefined {
  if (sandboxUrl === undefined || sandboxUrl.replace(/\/+$/, "") === baseUrl.replace(/\/+$/, ""))
    return undefined;
  return `This token was made by the vpp-console sandbox at ${sandboxUrl}, not by Apple, so it only works there. Start the console with VPP_BASE_URL=${sandboxUrl} to use it, or choose "Try with demo data" for the built-in sandbox.`;
}

/** Whole days left (floor), and the warning state: 30 days → warning, 15 → critical. */
export function expiryOf(
  expiresAt: Date,
  now = new Date(),
): { daysToExpiry: number; expiryState: ExpiryState } {
  const ms = expiresAt.getTime() - now.getTime();
  const daysToExpiry = Math.floor(ms / 86_400_000);
  const expiryState: ExpiryState =
    ms <= 0 ? "expired" : daysToExpiry <= 15 ? "critical" : daysToExpiry <= 30 ? "warning" : "ok";
  return { daysToExpiry, expiryState };
}
