import { expectAccessible } from "./fixtures/axe";
import { expect, signIn, test } from "./fixtures/test";

test("when an admin creates an API token, then it is shown once, works as a Bearer from a script, and stops working when revoked", async ({
  page,
  baseURL,
}) => {
  await signIn(page, "/");
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name").fill("e2e script");
  await page.getByRole("button", { name: "Create the token" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Token “e2e script”" });
  await expect(shown).toContainText("shown this once");
  const token = (await shown.getByLabel("The new token").innerText()).trim();
  expect(token).toMatch(/^vppc_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("row").filter({ hasText: "e2e script" });
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("never");
  await expectAccessible(page, "API tokens");

  // Shown once: after a reload the page has only the prefix.
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "e2e script" })).toBeVisible();
  expect(await page.content()).not.toContain(token);

  // A script (Node's fetch: no cookies, only the token) reads with it, and cannot write.
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${baseURL}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
  const me = await api("/api/session");
  expect(await me.json()).toEqual({ signedIn: true, username: "admin", role: "viewer" });
  expect((await api("/api/locations")).status).toBe(200);
  const write = await api("/api/locations/sandbox", { method: "POST" });
  expect(write.status).toBe(403);

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "e2e script" })).not.toContainText("never");
  await page.getByRole("button", { name: "Revoke e2e script" }).click();
  await page.getByRole("button", { name: "Really revoke e2e script" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e script" })).toContainText("revoked");
  const after = await api("/api/locations");
  expect(after.status).toBe(401);
  expect((await after.json()).error.code).toBe("INVALID_API_TOKEN");
});
