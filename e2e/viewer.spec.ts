import { expect, openDemo, test } from "./fixtures/test";

test("when a viewer signs in, then no write action is offered and the wizard says only admins start jobs", async ({
  page,
}) => {
  const base = await openDemo(page);
  const username = `viewer-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/accounts", {
    data: { username, password: "viewer-password-123", role: "viewer" },
  });
  expect(created.status()).toBe(201);
  await page.request.delete("/api/session");
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByRole("textbox", { name: "Password" }).fill("viewer-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.goto(`${base}/jobs`);
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New job" })).toHaveCount(0);
  await page.goto(`${base}/assets/425073498/STDQ`);
  await expect(page.getByRole("status", { name: "Holder count" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Assign more" })).toHaveCount(0);
  await page.goto(`${base}/wizard`);
  await expect(page.getByRole("alert").filter({ hasText: "Only admins start jobs" })).toBeVisible();
});
