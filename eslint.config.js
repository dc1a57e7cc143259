import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "data/**",
      "e2e/test-results/**",
      "e2e/playwright-report/**",
      "docs/**",
      "**/reports/**",
      "**/.stryker-tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // TanStack Virtual/Table return unmemoisable functions; we do not use the React Compiler.
      "react-hooks/incompatible-library": "off",
    },
  },
  // One-way imports in the web: shared (lib, components, hooks) → features → app. A feature never
  // reaches into another feature; the app composes them. The proxy is reached only through its contract.
  ...[1, 2, 3].map((depth) => ({
    files: [`web/src/features/*/${"*/".repeat(depth - 1)}*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}(?!\\.\\.)`,
              message:
                "A feature does not import another feature; move shared code to lib/, components/ or hooks/.",
            },
            { regex: "proxy/src", message: "Import the proxy only through @vpp/proxy/contract." },
          ],
        },
      ],
    },
  })),
  {
    files: ["web/src/{lib,components,hooks}/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)(features|app)/", message: "Shared code does not import features or the app." },
            { regex: "proxy/src", message: "Import the proxy only through @vpp/proxy/contract." },
          ],
        },
      ],
    },
  },
  {
    files: ["web/src/app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "proxy/src", message: "Import the proxy only through @vpp/proxy/contract." }] },
      ],
    },
  },
  {
    // Contract tests read Apple's wire JSON as it comes.
    files: ["**/test/**/*.ts", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["proxy/src/sandbox/main.ts", "proxy/bench/**", "proxy/test/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
);
