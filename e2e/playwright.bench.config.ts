import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

/** Browser benchmarks (`pnpm bench`): same server and Chromium as e2e, figures printed, nothing asserted on time. */
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "*.bench.ts",
  timeout: 300_000,
});
