import "@mantine/core/styles.css";
import "./app.css";
import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { queryClient } from "../lib/query-client";
import { router } from "./router";

// WCAG 2.1 AA (≥ 4.5:1 for text): filled colours at shade 9 with black or white text chosen by
// luminance; tinted ("light") badges on shade 0 with a darkened text colour; coloured and dimmed text
// darkened likewise. Checked by axe on every screen in the e2e.
const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 9, dark: 9 },
  autoContrast: true,
  luminanceThreshold: 0.18,
  defaultRadius: "md",
});
const darker = (c: string) => `color-mix(in srgb, var(--mantine-color-${c}-9) 75%, black)`;
const contrast: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(
      Object.keys(t.colors)
        .filter((c) => c !== "dark")
        .flatMap((c) => [
          [`--mantine-color-${c}-text`, darker(c)],
          [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`],
          [`--mantine-color-${c}-light-color`, darker(c)],
        ]),
    ),
  },
  dark: { "--mantine-color-dimmed": "var(--mantine-color-dark-1)" },
});

/** Providers: theme (light/dark follows the system), queries, routes. */
export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrast} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
