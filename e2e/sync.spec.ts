import type { Page } from "@playwright/test";
import { copyReady, expect, openDemo, test } from "./fixtures/test";

const PROCREATE = "425073498";
const KEYNOTE = "361285480";

/** Requests the page makes to Apple's pages through the forwarding path (a live walk). */
function liveWalks(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (/\/api\/locations\/[^/]+\/vpp\/(assignments|users|assets)/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

test("when the copy is in, then holders, device and user views read it and no page walks Apple", async ({
  page,
}) => {
  const base = await openDemo(page);
  await copyReady(page);
  const walks = liveWalks(page);
  const fromCopy = page.waitForResponse((r) => r.url().includes(`/assignments?adamId=${PROCREATE}`));
  await page.goto(`${base}/assets/${PROCREATE}/STDQ`);
  expect((await fromCopy).status()).toBe(200);
  await expect(page.getByRole("status", { name: "Holder count" })).toHaveText(/^[\d,]+ of [\d,]+ holders$/);
  const holders = page.getByRole("table", { name: "Holders" });
  const device = holders.getByRole("link").filter({ hasNotText: /-/ }).first();
  const serial = (await device.innerText()).trim();
  await device.click();
  await expect(page).toHaveURL(new RegExp(`/devices/${serial}$`));
  await expect(page.getByRole("table", { name: "Licences held by this device" })).toContainText("Procreate");
  await page.goto(`${base}/users`);
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row").nth(1)).toBeVisible();
  await users.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/users\/[^/]+$/);
  expect(walks).toEqual([]);
});

test("when a serial or an e-mail is typed in search, then the copy finds it and opens the right page", async ({
  page,
}) => {
  const base = await openDemo(page);
  await copyReady(page);
  const id = base.split("/")[2] as string;
  const holders = (await (
    await page.request.get(`/api/locations/${id}/assignments?adamId=${PROCREATE}&kind=device&limit=1`)
  ).json()) as { items: { serialNumber: string }[] };
  const serial = holders.items[0]?.serialNumber as string;
  const search = page.getByRole("combobox", { name: /Search apps, books, devices and users/ });
  await search.fill(serial);
  // The same demo serial can be in several locations: this location's hit comes first.
  await page
    .getByRole("option", { name: new RegExp(`Device: ${serial}`) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`${base}/devices/${serial}$`));
  const users = (await (await page.request.get(`/api/locations/${id}/users?limit=50`)).json()) as {
    items: { clientUserId: string; email?: string }[];
  };
  const user = users.items.find((u) => u.email) as { clientUserId: string; email: string };
  await search.fill(user.email.toUpperCase());
  await page
    .getByRole("option", { name: new RegExp(`User: ${user.email.replace(/[.+]/g, "\\$&")}`, "i") })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`${base}/users/${user.clientUserId}$`));
});

test("when All locations is opened, then each location's counts, token and sync state are in one sortable table", async ({
  page,
}) => {
  await openDemo(page);
  await copyReady(page);
  await page.getByRole("link", { name: "All locations" }).click();
  const table = page.getByRole("table", { name: "All locations" });
  const row = table.getByRole("row", { name: /Lincoln High School/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Current");
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^[\d,]+$/);
  // By keyboard: the header is a button that takes focus and Enter.
  await table.getByRole("button", { name: /Owned/ }).press("Enter");
  await expect(table.getByRole("columnheader", { name: /Owned/ })).toHaveAttribute(
    "aria-sort",
    /ascending|descending/,
  );
});

test("when Refresh is pressed, then a delta runs and the freshness line says so; a job's results show at once", async ({
  page,
}) => {
  const base = await openDemo(page);
  await copyReady(page);
  await page.getByRole("button", { name: "Refresh" }).press("Enter");
  await expect(
    page.getByText(/^Synced just now · (changes from Apple|a job's results|Apple's notification)/),
  ).toBeVisible({
    timeout: 20_000,
  });
  const id = base.split("/")[2] as string;
  const serial = `SYNCE2E${Date.now().toString(36).toUpperCase()}`;
  const job = (await (
    await page.request.post(`/api/locations/${id}/jobs`, {
      data: { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers: [serial] },
    })
  ).json()) as { id: string };
  await expect
    .poll(
      async () => ((await (await page.request.get(`/api/jobs/${job.id}`)).json()) as { state: string }).state,
      {
        timeout: 20_000,
      },
    )
    .toBe("complete");
  const walks = liveWalks(page);
  await page.goto(`${base}/devices/${serial}`);
  await expect(page.getByRole("table", { name: "Licences held by this device" })).toContainText("Keynote");
  expect(walks).toEqual([]);
});

test("when an admin asks Settings for a full read, then the copy is read again and Settings says when", async ({
  page,
}) => {
  const base = await openDemo(page);
  await copyReady(page);
  await page.goto(`${base}/settings`);
  const copy = page.getByRole("table", { name: "Copy of this location" });
  await expect(copy.getByRole("row", { name: /Notifications from Apple/ })).toContainText("set PUBLIC_URL");
  const id = base.split("/")[2] as string;
  const status = async () =>
    (await (await page.request.get(`/api/locations/${id}/sync`)).json()) as {
      lastFullAt?: string;
      via?: string;
    };
  const before = (await status()).lastFullAt;
  await page.getByRole("button", { name: "Read everything from Apple again now" }).press("Enter");
  await expect.poll(async () => (await status()).lastFullAt, { timeout: 30_000 }).not.toBe(before);
  expect((await status()).via).toBe("full");
  await expect(copy.getByRole("row", { name: /Last full read/ })).toContainText("just now");
});
