import { expectAccessible } from "./fixtures/axe";
import { expect, signIn, test } from "./fixtures/test";

test("when an admin adds, resets and switches off an account, then that person signs in, changes their password, and is shut out", async ({
  page,
}) => {
  await signIn(page, "/accounts");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await page.getByLabel("Username").fill("e2e-teacher");
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("first teacher password");
  await page.getByRole("button", { name: "Add the account" }).click();
  await expect(page.getByRole("status").filter({ hasText: "e2e-teacher can sign in now." })).toBeVisible();
  const table = page.getByRole("table", { name: "Accounts" });
  await expect(table).toContainText("e2e-teacher");
  await expect(page.getByRole("combobox", { name: "Role of e2e-teacher" })).toHaveValue("Viewer");
  await expectAccessible(page, "accounts");

  await page.getByRole("button", { name: "Reset password of e2e-teacher" }).click();
  const fresh = (
    await page
      .getByRole("status")
      .filter({ hasText: "New password for e2e-teacher" })
      .locator("code")
      .innerText()
  ).trim();
  expect(fresh).toMatch(/^[\w-]{20}$/);

  // The teacher signs in with it and picks their own password from the account menu.
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("e2e-teacher");
  await page.getByRole("textbox", { name: "Password" }).fill(fresh);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole("link", { name: "Accounts" })).toHaveCount(0);
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Change my password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change my password" })).toBeVisible();
  await page.getByLabel("Current password").fill("wrong password here");
  await page.getByRole("textbox", { name: "New password", exact: true }).fill("teacher's own password");
  await page.getByLabel("New password again").fill("teacher's own password");
  await page.getByRole("button", { name: "Change my password" }).click();
  await expect(page.getByRole("alert")).toContainText("The current password is not right");
  await page.getByLabel("Current password").fill(fresh);
  await page.getByRole("button", { name: "Change my password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password is changed." })).toBeVisible();
  await expectAccessible(page, "change my password");

  // The admin switches the account off: the teacher's session ends and sign-in is refused in words.
  await page.context().clearCookies();
  await signIn(page, "/accounts");
  await page.getByRole("button", { name: "Switch off e2e-teacher" }).click();
  await expect(page.getByRole("button", { name: "Switch on e2e-teacher" })).toBeVisible();
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("e2e-teacher");
  await page.getByRole("textbox", { name: "Password" }).fill("teacher's own password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This account is switched off. Ask an admin to switch it on.")).toBeVisible();
});

test("when someone signs out everywhere, then their other browser is signed out too; an admin sees another's sessions and ends them", async ({
  page,
  browser,
}) => {
  const baseURL = test.info().project.use.baseURL;
  const elsewhere = await browser.newContext({ baseURL });
  const other = await elsewhere.newPage();
  await signIn(other, "/alerts");
  await signIn(page, "/alerts");
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await other.reload();
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // An admin ends a colleague's sessions (a lost laptop); the colleague's password still works.
  await signIn(page, "/accounts");
  const made = await page.request.post("/api/accounts", {
    data: { username: "e2e-nurse", password: "the nurse's password", role: "viewer" },
  });
  expect(made.status()).toBe(201);
  await other.goto("/sign-in");
  await other.getByLabel("Username").fill("e2e-nurse");
  await other.getByRole("textbox", { name: "Password" }).fill("the nurse's password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).not.toHaveURL(/\/sign-in/);
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "e2e-nurse" });
  await expect(row).toContainText("1 session");
  await page.getByRole("button", { name: "Sign e2e-nurse out everywhere" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "e2e-nurse is signed out everywhere" }),
  ).toContainText("1 session ended.");
  await expect(row).toContainText("0 sessions");
  await expectAccessible(page, "accounts after a sign-out everywhere");
  await other.reload();
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await elsewhere.close();
});
