import { expectAccessible } from "./fixtures/axe";
import { copyReady, expect, openDemo, test } from "./fixtures/test";

test("when moving by keyboard, then focus lands on each new page's heading and on each new wizard step; the wizard's later steps, a live job and the dark theme pass axe", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const base = await openDemo(page);
  await copyReady(page);

  // A page reached from the navigation: its heading has the focus, not the old link.
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Apps and books" })
    .focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Apps and books" })).toBeFocused();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Jobs" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeFocused();

  // The wizard: every new step takes the focus.
  await page.goto(`${base}/wizard?action=assign-devices&assets=425073498:STDQ`);
  await page.getByLabel("Serial numbers").fill("FOCUS00001\nfocus00001\nFOCUS00002");
  await expectAccessible(page, "wizard: devices");
  await page.getByRole("button", { name: "Next" }).focus();
  await page.keyboard.press("Enter");
  const review = page.getByRole("group", { name: "Step 4 of 4: Review" });
  await expect(review).toBeFocused();
  await expect(review).toContainText("2 devices");
  await expectAccessible(page, "wizard: review");
  await page.getByRole("button", { name: "Back" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: "Step 3 of 4: Devices" })).toBeFocused();
  await page.getByRole("button", { name: "Next" }).focus();
  await page.keyboard.press("Enter");
  await expect(review).toBeFocused();

  // Start it by keyboard: the live job page has the focus on its heading and passes axe while it runs.
  await page.getByRole("button", { name: "Start the job" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page.getByLabel("Job state")).toBeVisible();
  await expectAccessible(page, "job: live");
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await expectAccessible(page, "job: complete");

  // The dark theme, on the screens with the most colour.
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expectAccessible(page, "job, dark");
  for (const [name, url, ready] of [
    ["overview, dark", base, "Licences owned"],
    ["apps and books, dark", `${base}/assets`, "Apps and books"],
  ] as const) {
    await page.goto(url);
    await expect(page.getByText(ready).first()).toBeVisible();
    await expectAccessible(page, name);
  }
  await page.getByRole("button", { name: "Use light theme" }).click();
});
