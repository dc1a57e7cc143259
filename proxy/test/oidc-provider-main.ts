import { startOidcProvider } from "./oidc-provider.js";

/**
 * The test identity provider as a process, for the e2e: OIDC_PROVIDER_PORT, and the console's
 * callback as OIDC_REDIRECT_URI. It knows an admin, a viewer and someone in neither group.
 */
const port = Number(process.env.OIDC_PROVIDER_PORT);
const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!port || !redirectUri) {
  process.stderr.write("OIDC_PROVIDER_PORT and OIDC_REDIRECT_URI are needed\n");
  process.exit(2);
}
const provider = await startOidcProvider({
  port,
  redirectUri,
  people: {
    "sso-admin": { preferred_username: "pat.sso", email: "pat@district.example", groups: ["vpp-admins"] },
    "sso-viewer": { preferred_username: "sam.sso", groups: ["vpp-viewers"] },
    "sso-outsider": { preferred_username: "olly.sso", groups: ["cafeteria"] },
  },
});
process.stdout.write(`test identity provider at ${provider.issuer}\n`);
const stop = () => void provider.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
