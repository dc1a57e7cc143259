import { expectAccessible } from "./fixtures/axe";
import { copyReady, expect, openDemo, test } from "./fixtures/test";

const PROCREATE = "425073498";

test("when each screen is checked with axe, then none has a serious or critical violation", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  const base = await openDemo(page);
  await copyReady(page);
  await page.goto("/locations");
  await expect(page.getByRole("heading", { name: "Locations", level: 1 })).toBeVisible();
  await expectAccessible(page, "locations");
  const screens: [string, string, () => Promise<void>][] = [
    [
      "overview",
      base,
      () => expect(page.getByRole("heading", { name: "Lincoln High School" })).toBeVisible(),
    ],
    [
      "apps and books",
      `${base}/assets`,
      () => expect(page.getByRole("table", { name: "Apps and books" }).getByRole("row").nth(1)).toBeVisible(),
    ],
    [
      "asset",
      `${base}/assets/${PROCREATE}/STDQ`,
      () => expect(page.getByRole("table", { name: "Holders" }).getByRole("row").nth(1)).toBeVisible(),
    ],
    [
      "users",
      `${base}/users`,
      () => expect(page.getByRole("table", { name: "Users" }).getByRole("row").nth(1)).toBeVisible(),
    ],
    ["jobs", `${base}/jobs`, () => expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible()],
    ["wizard", `${base}/wizard`, () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
    [
      "settings",
      `${base}/settings`,
      () => expect(page.getByRole("table", { name: "Copy of this location" })).toBeVisible(),
    ],
    ["all locations", "/all", () => expect(page.getByRole("table", { name: "All locations" })).toBeVisible()],
    ["not found", "/no-such-page", () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
  ];
  for (const [name, url, ready] of screens) {
    await page.goto(url);
    await ready();
    await expectAccessible(page, name);
  }
  // A device and a user page, reached from the holders.
  await page.goto(`${base}/assets/${PROCREATE}/STDQ`);
  await page.getByRole("table", { name: "Holders" }).getByRole("link").first().click();
  await expect(page.getByRole("table", { name: /Licences held by this/ })).toBeVisible();
  await expectAccessible(page, "device or user");
});
