import { expect, test } from "./fixtures/test";

test("when the console is opened, then the page shell renders with the service running", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Apps and Books licences" })).toBeVisible();
  await expect(page.getByText("vpp-console", { exact: true })).toBeVisible();
  await expect(page.getByText("Running")).toBeVisible();
  await expect(page.getByText("Sandbox with demo data")).toBeVisible();
});

test("when an unknown address is opened, then a not-found page is shown", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("when the theme switch is pressed, then the colour scheme changes", async ({ page }) => {
  await page.goto("/");
  const before = await page.locator("html").getAttribute("data-mantine-color-scheme");
  await page.getByRole("button", { name: /Use (light|dark) theme/ }).click();
  await expect(page.locator("html")).not.toHaveAttribute("data-mantine-color-scheme", before ?? "");
});
