import { fileURLToPath } from "node:url";
import { expect, openDemo, test } from "../fixtures/test";

const out = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

test("screens on the demo data", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: out("sign-in") });

  const base = await openDemo(page);
  await expect(page.getByLabel("Licence utilisation of the 15 most-used apps and books")).toBeVisible();
  await page.waitForTimeout(800);
  await page.screenshot({ path: out("overview") });

  await page.goto("/locations");
  await expect(page.getByRole("button", { name: "Try with demo data" })).toBeVisible();
  await page.screenshot({ path: out("locations") });

  await page.goto(`${base}/assets`);
  await expect(page.getByRole("table", { name: "Apps and books" }).getByRole("row").nth(1)).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out("assets") });

  await page.goto(`${base}/assets/425073498/STDQ`);
  await expect(page.getByRole("table", { name: "Holders" }).getByRole("row").nth(1)).toBeVisible();
  await page.screenshot({ path: out("asset-detail") });

  const serial = (
    await page.getByRole("table", { name: "Holders" }).getByRole("row").nth(1).getByRole("link").innerText()
  ).trim();
  await page.goto(`${base}/devices/${serial}`);
  await expect(
    page.getByRole("table", { name: "Licences held by this device" }).getByRole("row").nth(1),
  ).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out("device") });

  await page.goto(`${base}/users`);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row").nth(1)).toBeVisible();
  await page.screenshot({ path: out("users") });

  const user = page.getByRole("table", { name: "Users" }).getByRole("row").nth(3).getByRole("link");
  await user.click();
  await expect(page.getByRole("table", { name: "Licences held by this user" })).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out("user") });

  await page.goto(`${base}/wizard?action=assign-devices&assets=442378070:STDQ`);
  await page
    .getByLabel("Serial numbers")
    .fill(Array.from({ length: 1200 }, (_, i) => `SHOT${String(i).padStart(6, "0")}`).join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("table", { name: "Licences needed" })).toBeVisible();
  await page.screenshot({ path: out("wizard-review") });
  const short = page.getByLabel("Go ahead; the ones without a licence will fail and can be retried");
  if (await short.isVisible()) await short.check();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText(/complete|finished with failures/, {
    timeout: 60_000,
  });
  await page.screenshot({ path: out("job") });
  await page.goto(`${base}/jobs`);
  await expect(page.getByRole("table", { name: "Jobs" })).toBeVisible();
  await page.screenshot({ path: out("jobs") });

  await page.getByRole("button", { name: "Use dark theme" }).click();
  await page.goto(`${base}/assets?show=running-out`);
  await expect(page.getByRole("table", { name: "Apps and books" }).getByRole("row").nth(1)).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out("assets-running-out-dark") });
});
