import { expect, openDemo, test } from "./fixtures/test";

test("when assets are sorted, filtered and searched, then the URL keeps the state across a reload", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.getByRole("link", { name: "Apps and books" }).click();
  const table = page.getByRole("table", { name: "Apps and books" });
  await expect(table.getByRole("row").nth(1)).toContainText("A Brief History of Time");

  await page.getByRole("button", { name: "Available" }).click();
  await expect(page).toHaveURL(/sort=-availableCount/);
  await page.getByRole("combobox", { name: "Type" }).click();
  await page.getByRole("option", { name: "Book" }).click();
  await expect(page).toHaveURL(/type=Book/);
  await page.getByLabel("Search", { exact: true }).fill("wonder");
  await expect(page).toHaveURL(/q=wonder/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("Wonder");

  await page.reload();
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue("wonder");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("Wonder");

  await page.goto(`${base}/assets?show=running-out&sort=-availableCount`);
  const rows = table.getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 1; i < count; i++) {
    const available = Number((await rows.nth(i).getByRole("cell").nth(6).innerText()).replace(/,/g, ""));
    expect(available).toBeLessThan(10);
  }
});

test("when an asset is opened, then its holders lead to a device and the device lists its apps", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets?q=procreate`);
  await page
    .getByRole("table", { name: "Apps and books" })
    .getByRole("row")
    .filter({ hasText: "STDQ" })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Procreate" })).toBeVisible();
  const holders = page.getByRole("table", { name: "Holders" });
  await expect(holders.getByRole("row").nth(1)).toBeVisible();
  await page.getByText("Devices", { exact: true }).click();
  const first = holders.getByRole("row").nth(1).getByRole("link");
  const serial = (await first.innerText()).trim();
  await page.getByLabel("Search holders").fill(serial.slice(0, 8));
  await expect(holders.getByRole("row").nth(1)).toContainText(serial);
  await holders.getByRole("link", { name: serial }).click();
  await expect(page.getByRole("heading", { level: 1, name: serial })).toBeVisible();
  const held = page.getByRole("table", { name: "Licences held by this device" });
  await expect(held.getByRole("link", { name: "Procreate" })).toBeVisible();
  await held.getByRole("link", { name: "Procreate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Procreate" })).toBeVisible();
});

test("when the users list is opened, then a user leads to the apps and books they hold", async ({ page }) => {
  const base = await openDemo(page);
  await page.getByRole("link", { name: "Users" }).click();
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row").nth(1)).toBeVisible();
  await page.getByText("Retired", { exact: true }).click();
  await expect(page).toHaveURL(/status=retired/);
  await expect(users.getByRole("row").nth(1)).toContainText("Retired");
  await page.goto(`${base}/users`);
  const link = users.getByRole("row").nth(1).getByRole("link");
  const id = (await link.innerText()).trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
  await expect(page.getByRole("table", { name: "Licences held by this user" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /licences? held by this user/ })).toBeVisible();
});

test("when the global search is used, then an app name, an adamId and a serial each open the right page", async ({
  page,
}) => {
  const base = await openDemo(page);
  const search = page.getByRole("combobox", { name: "Search apps, books, devices and users" });
  await search.fill("keyno");
  await page.getByRole("option", { name: /Keynote/ }).click();
  await expect(page).toHaveURL(`${base}/assets/361285480/STDQ`);
  await expect(page.getByRole("heading", { level: 1, name: "Keynote" })).toBeVisible();

  await search.fill("1160354987");
  await search.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: /The Swift Programming Language/ })).toBeVisible();

  await search.fill("SERIAL-NOT-THERE");
  await page.getByRole("option", { name: /Device with serial/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "SERIAL-NOT-THERE" })).toBeVisible();
  await expect(page.getByText("This device holds no licence.")).toBeVisible();
});
