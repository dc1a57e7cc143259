import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

/** `pnpm screenshots`: pictures of each screen on the demo data, into docs/screenshots. */
export default defineConfig({ ...base, testDir: "./screenshots", testMatch: "*.shots.ts", timeout: 180_000 });
