import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 8180);
/** The test identity provider for single sign-on (a real oidc-provider), beside the console. */
const OIDC_PORT = PORT + 1;
const debianChromium = "/usr/bin/chromium";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpp-e2e-"));

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium where present (no browser downloads on these machines), else Playwright's.
      ...(fs.existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: "pnpm --filter @vpp/proxy exec tsx test/oidc-provider-main.ts",
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        OIDC_PROVIDER_PORT: String(OIDC_PORT),
        OIDC_REDIRECT_URI: `http://127.0.0.1:${PORT}/api/oidc/callback`,
      },
    },
    {
      command: "pnpm --filter @vpp/proxy start",
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        ADMIN_USER: "admin",
        ADMIN_PASSWORD: "e2e-admin-password",
        SECRET_KEY: "0".repeat(64),
        LOG_LEVEL: "warn",
        // Uploaded tokens are verified against the embedded sandbox, standing in for Apple.
        VPP_BASE_URL: `http://127.0.0.1:${PORT}/sandbox/mdm/v2`,
        // Scheduled take-backs are looked at every second (30 s by default).
        RECLAIM_TICK_MS: "1000",
        // Alert conditions are looked at every 2 s (60 s by default; also right after each job).
        ALERT_TICK_MS: "2000",
        // Single sign-on against the test identity provider; local accounts stay on (break-glass).
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "vpp-console",
        OIDC_CLIENT_SECRET: "a-client-secret-for-the-tests-only",
        OIDC_ADMIN_GROUP: "vpp-admins",
        OIDC_VIEWER_GROUP: "vpp-viewers",
        OIDC_NAME: "District sign-in",
        // The provider gives the groups claim only to clients that ask for it (as Okta does).
        OIDC_SCOPES: "openid profile email groups",
      },
    },
  ],
});
