import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** A person the provider knows: their sub is the login typed into its sign-in form. */
export interface OidcPersonClaims {
  preferred_username?: string;
  email?: string;
  groups?: string[];
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, with one confidential
 * client for the console and its own sign-in and consent forms (any password is taken).
 */
export async function startOidcProvider(opts: {
  redirectUri: string;
  people: Record<string, OidcPersonClaims>;
  /** Where it listens (a free port when unset). */
  port?: number;
}): Promise<{ issuer: string; clientId: string; clientSecret: string; close(): Promise<void> }> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "vpp-console";
  const clientSecret = "a-client-secret-for-the-tests-only";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], profile: ["preferred_username"], email: ["email"], groups: ["groups"] },
    scopes: ["openid", "profile", "email", "groups"],
    cookies: { keys: ["oidc-provider-test-cookie-key"] },
    findAccount: (_ctx, sub) => {
      const person = opts.people[sub];
      return person ? { accountId: sub, claims: () => ({ sub, ...person }) } : undefined;
    },
  });
  provider.on("server_error", (_ctx, err) => console.error("oidc-provider", err));
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
