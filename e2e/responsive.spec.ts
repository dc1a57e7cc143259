import { expect, openDemo, test } from "./fixtures/test";

// A phone (390 px) and 200 % zoom of a 1280 px window (a 640 px wide CSS viewport).
const SIZES = [
  ["a phone, 390 px wide", { width: 390, height: 844 }],
  ["200 % zoom (640 px of CSS width)", { width: 640, height: 400 }],
] as const;

for (const [name, size] of SIZES) {
  test(`when the console is used on ${name}, then no screen is wider than the window and the account menu, navigation and search are reachable`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const base = await openDemo(page);
    // A job, so the jobs list and a job's page have their tables.
    const job = await page.request.post(`/api/locations/${base.split("/")[2]}/jobs`, {
      data: { type: "associate", assets: [{ adamId: "361285480" }], serialNumbers: [`NARROW${size.width}`] },
    });
    expect(job.status()).toBe(202);
    const jobId = ((await job.json()) as { id: string }).id;
    await page.setViewportSize(size);
    const screens = [
      base,
      `${base}/assets`,
      `${base}/users`,
      `${base}/jobs`,
      `${base}/jobs/${jobId}`,
      `${base}/wizard`,
      `${base}/wizard?action=assign-devices`,
      `${base}/settings`,
      "/locations",
      "/all",
      "/accounts",
      "/account/password",
    ];
    for (const url of screens) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} is ${overflow} px wider than the window`).toBeLessThanOrEqual(0);
      await expect(page.getByRole("button", { name: /Account menu/ })).toBeInViewport();
    }
    await page.getByRole("button", { name: /Account menu/ }).click();
    await expect(page.getByRole("menuitem", { name: "Sign out", exact: true })).toBeInViewport();
    await page.keyboard.press("Escape");
    // The navigation, the location switcher and the search live in the drawer.
    await page.goto(`${base}/assets`);
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("combobox", { name: "Location" })).toBeInViewport();
    await expect(nav.getByRole("combobox", { name: /Search apps, books, devices and users/ })).toBeVisible();
    await nav.getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });
}
