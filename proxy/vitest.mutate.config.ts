import { defineConfig } from "vitest/config";

/**
 * The tests `pnpm mutate` runs against each mutant of the safety core: the unit tests, and the
 * integration files that drive sign-in, sessions, forwarding and jobs' results over real HTTP.
 */
const INTEGRATION = [
  "test/proxy-auth.test.ts",
  "test/proxy-forward.test.ts",
  "test/proxy-sandbox-embedded.test.ts",
  "test/proxy-request-log.test.ts",
  "test/proxy-locations.test.ts",
];

// MUTATE_UNIT_ONLY=1: the unit tests alone (minutes, not hours, on two cores);
// MUTATE_TESTS=test/a.test.ts,…: the unit tests and just those integration files.
const chosen = process.env.MUTATE_TESTS?.split(",").filter(Boolean);

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", ...(process.env.MUTATE_UNIT_ONLY ? [] : (chosen ?? INTEGRATION))],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
