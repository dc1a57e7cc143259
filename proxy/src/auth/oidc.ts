import * as client from "openid-client";
import type { Logger } from "pino";
import { consoleUrl, type Config } from "../config.js";
import type { Role } from "./accounts.js";

/** What the console needs to know of the identity provider (from the OIDC_* settings). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
  groupsClaim: string;
  adminGroup?: string | undefined;
  viewerGroup?: string | undefined;
}

/** What travels from the start of a sign-in to its callback, sealed in a short-lived cookie. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  expiresAt: number;
}

/** Who the provider says signed in, and what their groups make them here (undefined: no access). */
export interface OidcPerson {
  subject: string;
  username: string;
  role: Role | undefined;
}

export const FLOW_TTL_MS = 10 * 60_000;

/** A path of this console to return to after sign-in; anything else (another site, `//x`) is "/". */
export const safeNext = (next: unknown): string =>
  typeof next === "string" && /^\/(?![/\\])/.test(next) && next.length <= 2000 ? next : "/";

/** The role a person's groups give them: admin wins over viewer; neither group, no access. */
export function roleOf(claims: Record<string, unknown>, s: OidcSettings): Role | undefined {
  const raw = claims[s.groupsClaim];
  const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  if (s.adminGroup && groups.includes(s.adminGroup)) return "admin";
  if (s.viewerGroup && groups.includes(s.viewerGroup)) return "viewer";
  return undefined;
}

const loopback = (url: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

/**
 * OpenID Connect sign-in: authorization code with PKCE (S256), state and nonce, the client secret
 * sent with HTTP Basic. The provider's metadata is discovered on first use and kept.
 */
export class OidcSignIn {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly logger: Logger,
  ) {}

  private configuration(): Promise<client.Configuration> {
    const s = this.settings;
    this.discovered ??= client
      .discovery(
        new URL(s.issuer),
        s.clientId,
        { client_secret: s.clientSecret },
        client.ClientSecretBasic(s.clientSecret),
        // A provider on this machine (tests, a local Keycloak) may speak plain http; nothing else may.
        loopback(s.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /** Where to send the browser, and what the callback must find again. */
  async start(next: string): Promise<{ url: string; flow: OidcFlow }> {
    const config = await this.configuration();
    const flow: OidcFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next: safeNext(next),
      expiresAt: Date.now() + FLOW_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: "S256",
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /** The callback: the code exchanged, the ID token checked, the person's claims and role. */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcPerson> {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims() as client.IDToken;
    // Many providers put groups and names in the userinfo answer only.
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    const claims: Record<string, unknown> = { ...info, ...idClaims };
    const name = [claims.preferred_username, claims.email, idClaims.sub].find(
      (v): v is string => typeof v === "string" && v.length > 0,
    ) as string;
    this.logger.debug({ subject: idClaims.sub }, "oidc sign-in answered");
    return {
      subject: `${idClaims.iss} ${idClaims.sub}`,
      username: name.slice(0, 64),
      role: roleOf(claims, this.settings),
    };
  }
}

/** Single sign-on as configured (OIDC_*), or undefined when it is not set up. */
export function ssoFrom(config: Config, logger: Logger): OidcSignIn | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = config;
  if (!issuer || !clientId || !clientSecret) return undefined;
  return new OidcSignIn(
    {
      issuer,
      clientId,
      clientSecret,
      redirectUri: `${consoleUrl(config)}/api/oidc/callback`,
      scopes: config.OIDC_SCOPES,
      groupsClaim: config.OIDC_GROUPS_CLAIM,
      adminGroup: config.OIDC_ADMIN_GROUP,
      viewerGroup: config.OIDC_VIEWER_GROUP,
    },
    logger,
  );
}
