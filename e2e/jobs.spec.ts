import type { Page } from "@playwright/test";
import { expect, openDemo, test } from "./fixtures/test";

const KEYNOTE = "361285480";

async function uIdOf(page: Page, base: string): Promise<string> {
  const id = base.split("/")[2] as string;
  return ((await (await page.request.get(`/api/locations/${id}`)).json()) as { uId: string }).uId;
}

test("when one app is assigned to 2,500 serials from a CSV file, then the job reaches COMPLETE and the counts change", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets/${KEYNOTE}/STDQ`);
  await expect(page.getByRole("heading", { level: 1, name: "Keynote" })).toBeVisible();
  const assignedBefore = Number(
    (await page.getByText("Assigned", { exact: true }).locator("..").locator("p").nth(1).innerText()).replace(
      /,/g,
      "",
    ),
  );

  await page.getByRole("link", { name: "Assign more" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assign to devices" })).toBeVisible();
  const csv = [
    "serialNumber,room",
    ...Array.from({ length: 2500 }, (_, i) => `E2E${String(i).padStart(6, "0")},R${i % 30}`),
    "not a serial!,R1",
  ].join("\n");
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "class-ipads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("status", { name: "Target count" })).toContainText("2,500 serial numbers");
  await expect(page.getByRole("status", { name: "Target count" })).toContainText("header row skipped");
  await expect(page.getByText("Line 2502: “not a serial!”")).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText(/2,500 devices in 3 requests to Apple/)).toBeVisible();
  await page.getByRole("button", { name: "Start the job" }).click();

  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("table", { name: "Requests to Apple" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await expect(page.getByRole("status", { name: "Job counts" })).toContainText("2,500 of 2,500 done");

  await page.goto(`${base}/assets/${KEYNOTE}/STDQ`);
  await expect(page.getByText("Assigned", { exact: true }).locator("..").locator("p").nth(1)).toHaveText(
    (assignedBefore + 2500).toLocaleString("en-US"),
  );
});

test("when a job runs short of licences, then the failures are shown in words and retrying them completes", async ({
  page,
}) => {
  const base = await openDemo(page);
  const uId = await uIdOf(page, base);
  await page.goto(`${base}/wizard?action=assign-devices&assets=425073498:PLUS`);
  await expect(page.getByLabel("Serial numbers")).toBeVisible();
  const plus = await (
    await page.request.get(
      `${base.replace("/l/", "/api/locations/")}/vpp/assets?adamId=425073498&pricingParam=PLUS`,
    )
  ).json();
  const available = plus.assets[0].availableCount as number;
  const serials = Array.from({ length: available + 3 }, (_, i) => `SHORT${String(i).padStart(4, "0")}`);
  await page.getByLabel("Serial numbers").fill(serials.join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  const warning = page.getByRole("alert").filter({ hasText: "Not enough licences" });
  await expect(warning).toContainText(`needs ${available + 3}, ${available} available: up to 3 will fail`);
  await page.getByLabel("Go ahead; the ones without a licence will fail and can be retried").check();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("finished with failures", { timeout: 45_000 });
  const failures = page.getByRole("table", { name: "Failures" });
  await expect(failures.getByRole("row")).toHaveCount(4);
  await expect(failures).toContainText("Not enough licences were available");
  await expect(failures).toContainText("9709");

  // The district buys 5 more; retrying sends only the 3 that failed.
  await page.request.post(`/sandbox/_sandbox/locations/${uId}/asset-count`, {
    data: { adamId: "425073498", pricingParam: "PLUS", countDelta: 5 },
  });
  await page.getByRole("button", { name: "Retry the 3 failed" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await expect(page.getByRole("status", { name: "Job counts" })).toContainText("3 of 3 done");
  await page.getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("table", { name: "Jobs" }).getByRole("row")).not.toHaveCount(1);
  const activity = page.getByRole("table", { name: "Activity" });
  await expect(activity).toContainText("job.create");
  await expect(activity).toContainText("session.sign-in");
});

test("when everything is revoked from a device, then the device holds nothing afterwards", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets/425073498/STDQ`);
  const serial = (
    await page.getByRole("table", { name: "Holders" }).getByRole("row").nth(1).getByRole("link").innerText()
  ).trim();
  await page.goto(`${base}/devices/${serial}`);
  await expect(
    page.getByRole("table", { name: "Licences held by this device" }).getByRole("row").nth(1),
  ).toBeVisible();
  await page.getByRole("link", { name: "Revoke everything from this device" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Revoke everything from devices" })).toBeVisible();
  await expect(page.getByText(/1 devices in 1 request to Apple/)).toBeVisible();
  await expect(page.getByText(/Takes back [1-9]\d* licences? of [1-9]\d* apps?/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Licences taken back" })).toContainText("Procreate");
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await page.goto(`${base}/devices/${serial}`);
  await expect(page.getByText("This device holds no licence.")).toBeVisible();
});

test("when the page is reloaded mid-job, then the same live progress continues", async ({ page }) => {
  const base = await openDemo(page);
  await page.request.patch("/sandbox/_sandbox/config", { data: { eventTasksPerSecond: 300 } });
  await page.goto(`${base}/wizard?action=assign-devices&assets=${KEYNOTE}:STDQ`);
  await page
    .getByLabel("Serial numbers")
    .fill(Array.from({ length: 3000 }, (_, i) => `RELOAD${String(i).padStart(5, "0")}`).join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  const url = page.url();
  await expect(page.getByRole("status", { name: "Job counts" })).toContainText(/[1-9][\d,]* of 3,000 done/, {
    timeout: 20_000,
  });
  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.getByLabel("Job state")).toHaveText(/running|complete/);
  await expect(page.getByRole("status", { name: "Job counts" })).toContainText(/of 3,000 done/);
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await page.request.patch("/sandbox/_sandbox/config", { data: { eventTasksPerSecond: 500 } });
});

test("when holders are selected on an asset's page, then 'Unassign' takes exactly those licences back", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets/1208138685/STDQ`);
  const count = page.getByRole("status", { name: "Holder count" });
  await expect(count).toHaveText(/^[\d,]+ of [\d,]+ holders$/);
  await expect(page.getByText(/Loading holders/)).toHaveCount(0);
  const before = Number((await count.innerText()).split(" of ")[1]?.replace(/\D/g, ""));
  await page.getByText("Devices", { exact: true }).click();
  const rows = page.getByRole("table", { name: "Holders" }).getByRole("row");
  const serials = [
    (await rows.nth(1).getByRole("link").innerText()).trim(),
    (await rows.nth(2).getByRole("link").innerText()).trim(),
  ];
  for (const s of serials) await page.getByRole("checkbox", { name: `Select ${s}` }).check();
  await page.getByRole("button", { name: "Unassign from 2 selected devices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Unassign from devices" })).toBeVisible();
  await expect(page.getByText(/2 devices in 1 request to Apple/)).toBeVisible();
  // The review says what will be taken, per app, before anything is sent.
  await expect(page.getByText(/Takes back 2 licences of 1 app/)).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Licences taken back" }).getByRole("row").nth(1),
  ).toContainText("2");
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await page.goto(`${base}/assets/1208138685/STDQ`);
  await expect(count).toHaveText(
    `${(before - 2).toLocaleString("en-US")} of ${(before - 2).toLocaleString("en-US")} holders`,
  );
  for (const s of serials) await expect(page.getByRole("link", { name: s })).toHaveCount(0);
});

test("when a job ends while another page is open, then that page's counts refresh by themselves", async ({
  page,
}) => {
  const base = await openDemo(page);
  await page.goto(`${base}/assets/1476535087/STDQ`);
  const assigned = page.getByText("Assigned", { exact: true }).locator("..").locator("p").nth(1);
  await expect(assigned).toHaveText(/^[\d,]+$/);
  const before = Number((await assigned.innerText()).replace(/,/g, ""));
  await page.request.patch("/sandbox/_sandbox/config", { data: { eventTasksPerSecond: 400 } });
  await page.goto(`${base}/wizard?action=assign-devices&assets=1476535087:STDQ`);
  await page
    .getByLabel("Serial numbers")
    .fill(Array.from({ length: 1500 }, (_, i) => `AUTO${String(i).padStart(5, "0")}`).join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText(/queued|running/);
  // Leave the job page at once, through the app's own navigation (no reload afterwards).
  await page.getByRole("link", { name: "Apps and books" }).click();
  await page
    .getByRole("table", { name: "Apps and books" })
    .getByRole("row")
    .filter({ hasText: "Adobe Express" })
    .click();
  await expect(assigned).toHaveText((before + 1500).toLocaleString("en-US"), { timeout: 30_000 });
  await page.request.patch("/sandbox/_sandbox/config", { data: { eventTasksPerSecond: 500 } });
});

test("when another MDM takes over mid-job, then the job pauses with the reason and an admin's confirmation sends the rest", async ({
  page,
}) => {
  const base = await openDemo(page);
  const loc = { id: base.split("/")[2] as string, uId: await uIdOf(page, base) };
  // Apple holds the first write for 2 s; meanwhile another MDM claims the location.
  await page.request.post("/sandbox/_sandbox/faults", {
    data: { status: 503, retryAfter: 2, pathPrefix: "/assets/associate", uId: loc.uId },
  });
  const serialNumbers = Array.from({ length: 1500 }, (_, i) => `TKO${String(i).padStart(5, "0")}`);
  const job = (await (
    await page.request.post(`/api/locations/${loc.id}/jobs`, {
      data: { type: "associate", assets: [{ adamId: KEYNOTE }], serialNumbers },
    })
  ).json()) as { id: string };
  await page.request.post(`/sandbox/_sandbox/locations/${loc.uId}/takeover`, {
    data: { mdmInfo: { id: "jamf-e2e", name: "Jamf Pro", metadata: "11.0" } },
  });
  await expect
    .poll(
      async () => ((await (await page.request.get(`/api/jobs/${job.id}`)).json()) as { state: string }).state,
      {
        timeout: 20_000,
      },
    )
    .toBe("paused");

  await page.goto(`/l/${loc.id}/jobs/${job.id}`);
  await expect(page.getByLabel("Job state")).toHaveText("paused");
  await expect(page.getByRole("alert").filter({ hasText: "The job is paused" })).toContainText(
    "Jamf Pro now manages this location",
  );
  await expect(page.getByRole("table", { name: "Requests to Apple" })).toContainText("waiting");
  await page.getByRole("button", { name: "Confirm the takeover and send the rest" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 30_000 });
  await expect(page.getByRole("status", { name: "Job counts" })).toContainText("1,500 of 1,500 done");
  // The demo location is shared by later specs: this console manages it again.
  expect((await page.request.post(`/api/locations/${loc.id}/claim`)).status()).toBe(200);
});
