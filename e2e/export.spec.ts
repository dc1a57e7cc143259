import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, openDemo, test } from "./fixtures/test";

test("when Export is clicked on an asset's page, then the browser downloads a CSV of exactly its holders", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets/425073498/STDQ`);
  await expect(page.getByRole("status", { name: "Holder count" })).toHaveText(/^[\d,]+ of [\d,]+ holders$/);
  await expect(page.getByText(/Loading holders/)).toHaveCount(0);
  const holders = Number(
    (await page.getByRole("status", { name: "Holder count" }).innerText())
      .split(" of ")[1]
      ?.replace(/\D/g, ""),
  );
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloading;
  // From the console's copy once its first import is in ("synced" and the sync time), else from Apple.
  const name = download.suggestedFilename();
  expect(name).toMatch(/^vpp-app-procreate-holders-(synced-)?lincoln-high-school-\d{8}-\d{4}\.csv$/);
  const all = parse(fs.readFileSync((await download.path()) as string), {
    bom: true,
    relaxColumnCount: true,
  }) as string[][];
  const note = all.at(-1)?.[0] ?? "";
  if (name.includes("-synced-")) expect(note).toMatch(/^NOTE: from the console's copy of this location/);
  const rows = all.filter((r) => r.length > 1);
  expect(rows[0]).toEqual([
    "adamId",
    "name",
    "productType",
    "pricingParam",
    "assigneeType",
    "serialNumber",
    "clientUserId",
    "userStatus",
    "email",
    "personName",
  ]);
  expect(rows.length - 1).toBe(holders);
  expect(rows.slice(1).every((r) => r[0] === "425073498" && r[1] === "Procreate" && r[3] === "STDQ")).toBe(
    true,
  );
  const first = rows[1] as string[];
  await expect(page.getByRole("table", { name: "Holders" })).toContainText(first[5] || first[6] || "");
});

test("when the assets table is filtered and exported, then the file holds the rows shown, in order", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets?type=Book&sort=-assignedCount`);
  const table = page.getByRole("table", { name: "Apps and books" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await page.waitForLoadState("networkidle"); // every page of assets and names is in
  const shown = await table.getByRole("row").count();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const rows = parse(fs.readFileSync((await (await downloading).path()) as string), {
    bom: true,
  }) as string[][];
  expect(rows.length).toBe(shown);
  expect(rows.slice(1).every((r) => r[2] === "Book")).toBe(true);
  const assigned = rows.slice(1).map((r) => Number(r[6]));
  expect([...assigned].sort((a, b) => b - a)).toEqual(assigned);
});
