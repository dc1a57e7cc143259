import type { Page } from "@playwright/test";
import { expectAccessible } from "./fixtures/axe";
import { expect, test } from "./fixtures/test";

/** Through the identity provider's own sign-in and consent pages (oidc-provider's), as `login`. */
async function viaProvider(page: Page, login: string) {
  await page.getByRole("link", { name: "Sign in with District sign-in" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("when someone signs in with single sign-on, then their group decides: an admin lands where they were going, an outsider is told why", async ({
  page,
}) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Username")).toBeVisible(); // local accounts stay for break-glass
  await expectAccessible(page, "sign-in with single sign-on");

  await viaProvider(page, "sso-admin");
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText("pat.sso");
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText("admin");

  // Someone the provider knows but in neither group: back on the sign-in page, told what to ask for.
  await page.context().clearCookies();
  await page.goto("/locations");
  await viaProvider(page, "sso-outsider");
  await expect(page).toHaveURL(/\/sign-in\?sso=no-access/);
  await expect(page.getByRole("alert")).toContainText("neither of the console's groups");
  await expectAccessible(page, "single sign-on refused");
});
