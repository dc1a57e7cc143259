import type { Page } from "@playwright/test";
import { expectAccessible } from "./fixtures/axe";
import { copyReady, expect, mintToken, signIn, test } from "./fixtures/test";

const PROCREATE = "425073498";

/** The console's own API from inside the page (same origin, the page's session). */
const api = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null };
    },
    { method, path, body },
  );

test("when an inventory is uploaded, then the preview shows the wasted licences and their value; a scheduled take-back approved by a second admin runs and shows what it recovered", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await signIn(page, "/locations");
  const token = await mintToken(page, { locationName: "Reclaim High", data: "empty" });
  await page.getByLabel("…or paste the token text").fill(token);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reclaim High" })).toBeVisible();
  const base = new URL(page.url()).pathname;
  const id = base.split("/")[2] as string;
  await copyReady(page);

  // Six iPads hold Procreate; the MDM still has three of them.
  const serials = Array.from({ length: 6 }, (_, i) => `E2ERC0000${i}`);
  const job = await api(page, "POST", `/api/locations/${id}/jobs`, {
    type: "associate",
    assets: [{ adamId: PROCREATE }],
    serialNumbers: serials,
  });
  expect(job.status).toBe(202);
  await expect
    .poll(async () => (await api(page, "GET", `/api/jobs/${job.body?.id as string}`)).body?.state, {
      timeout: 90_000,
    })
    .toBe("complete");

  // Guardrails in Settings: above 2 licences a second admin approves; times are UTC.
  await page.goto(`${base}/settings`);
  await page.getByLabel("Second admin approves above").fill("2");
  await page.getByLabel("Time zone for scheduled take-backs").fill("UTC");
  await page.getByRole("button", { name: "Save guardrails" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // A price for Procreate.
  await page.getByRole("link", { name: "Reclaim" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reclaim" })).toBeVisible();
  await expect(page.getByText("No title of this location has a price yet.")).toBeVisible();
  await expectAccessible(page, "reclaim centre");
  await page.getByRole("link", { name: "Prices", exact: true }).click();
  await page.getByRole("textbox", { name: "Price of Procreate" }).fill("12.50");
  await page.getByRole("textbox", { name: "Currency of Procreate" }).fill("USD");
  await page.getByRole("textbox", { name: "Price of Procreate" }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expectAccessible(page, "reclaim prices");

  // The MDM's export: a BOM, semicolons, a broken line listed by its number.
  await page.goto(`${base}/reclaim/lists`);
  const csv = [
    "\uFEFFSerial Number;Model;Last Check-in",
    ...serials.slice(0, 3).map((s) => `${s.toLowerCase()};iPad;2026-11-01 08:00`),
    '"broken;iPad;2026-11-01',
  ].join("\n");
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "jamf-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("status").filter({ hasText: "3 serial numbers read" })).toContainText(
    "1 lines could not be used",
  );
  await expect(page.getByRole("list", { name: "Lines that could not be used" })).toContainText("Line 5");
  await expectAccessible(page, "inventories and rosters");
  await page.getByRole("button", { name: "Save 3 serial numbers" }).click();
  await expect(page.getByRole("table")).toContainText("jamf-export.csv");

  // A rule and its preview: three licences, their value, the list.
  await page.goto(`${base}/reclaim/new`);
  await page.getByRole("combobox", { name: "Inventory" }).click();
  await page.getByRole("option", { name: /jamf-export\.csv/ }).click();
  await page.getByLabel("Name").fill("iPads gone from Jamf");
  await expectAccessible(page, "new reclaim rule");
  await page.getByRole("button", { name: "Save and preview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "iPads gone from Jamf" })).toBeVisible();
  await expect(
    page.getByText("Apple will revoke every revocable licence 3 devices hold: 3 licences."),
  ).toBeVisible();
  await expect(page.getByText("$37.50").first()).toBeVisible();
  await expect(page.getByRole("table").last()).toContainText("E2ERC00005");
  await expectAccessible(page, "reclaim preview");

  // Scheduled for the next minute (UTC), asked for approval.
  const at = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
  await page.getByRole("radio", { name: "At a time (UTC)" }).check();
  await page.getByLabel("Date and time in UTC").fill(at.toISOString().slice(0, 16));
  await page.getByRole("button", { name: "Ask for approval" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Take back: iPads gone from Jamf" }),
  ).toBeVisible();
  await expect(page.getByText("Waiting for a second admin", { exact: true })).toBeVisible();
  await expect(page.getByText("Another admin must approve this take-back.")).toBeVisible();
  await expectAccessible(page, "take-back waiting");
  const reclaimUrl = new URL(page.url()).pathname;

  // A second admin approves it.
  const added = await api(page, "POST", "/api/accounts", {
    username: "e2e-second-admin",
    password: "second admin password",
    role: "admin",
  });
  expect(added.status).toBe(201);
  const other = await browser.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Username").fill("e2e-second-admin");
  await other.getByRole("textbox", { name: "Password" }).fill("second admin password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).not.toHaveURL(/\/sign-in/);
  await other.goto(reclaimUrl);
  await other.getByRole("button", { name: "Approve 3 licences" }).click();
  await expect(other.getByText("approved by e2e-second-admin")).toBeVisible();
  await expect(other.getByText("Scheduled", { exact: true })).toBeVisible();
  await other.close();

  // It runs at its time; the page shows the jobs and what came back.
  await expect(page.getByText("Finished", { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(page.getByText("1 of 1 finished")).toBeVisible();
  await expect(page.getByText("3 licences", { exact: true }).last()).toBeVisible();
  await expect(page.getByText("$37.50").last()).toBeVisible();
  await expectAccessible(page, "take-back finished");
});
