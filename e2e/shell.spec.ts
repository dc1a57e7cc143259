import { expect, openDemo, signIn, test } from "./fixtures/test";

test("when the console is opened signed out, then sign-in is asked for and leads back to the page", async ({
  page,
}) => {
  await page.goto("/locations");
  await expect(page).toHaveURL(/\/sign-in\?from=%2Flocations$/);
  await page.getByLabel("Username").fill("admin");
  await page.getByRole("textbox", { name: "Password" }).fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The username or password is not right.");
  await page.getByRole("textbox", { name: "Password" }).fill("e2e-admin-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/locations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Locations" })).toBeVisible();
});

test("when signed in and signing out, then the next page asks to sign in again", async ({ page }) => {
  await signIn(page, "/locations");
  await expect(page.getByRole("heading", { level: 1, name: "Locations" })).toBeVisible();
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/locations");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("when an unknown address is opened, then a not-found page is shown", async ({ page }) => {
  await signIn(page, "/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("when the theme switch is pressed, then the colour scheme changes", async ({ page }) => {
  await signIn(page, "/locations");
  const before = await page.locator("html").getAttribute("data-mantine-color-scheme");
  await page.getByRole("button", { name: /Use (light|dark) theme/ }).click();
  await expect(page.locator("html")).not.toHaveAttribute("data-mantine-color-scheme", before ?? "");
});

test("when Settings is opened, then Apple's live limits and the location's configuration are shown", async ({
  page,
}) => {
  await openDemo(page);
  await page.getByRole("link", { name: "Settings" }).click();
  const limits = page.getByRole("table", { name: "Apple's limits" });
  await expect(limits).toContainText("serial numbers per assign / unassign request");
  await expect(limits).toContainText("1,000");
  await expect(page.getByText("Lincoln High School · US · volumestore")).toBeVisible();
});

test("when Tab is pressed first on a page, then a skip link leads straight to the page's content", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});
