import { expectAccessible } from "./fixtures/axe";
import { copyReady, expect, signIn, test } from "./fixtures/test";

const PROCREATE = "425073498";

test("when a job uses the last licences of a title, then the bell shows a running-out alert that leads to the title", async ({
  page,
}) => {
  await signIn(page, "/");
  // A location of its own that owns three Procreate licences, none assigned.
  const minted = await page.request.post("/sandbox/_sandbox/tokens", {
    data: { data: "empty", locationName: "Alerts Middle School" },
  });
  const { cToken, uId } = (await minted.json()) as { cToken: string; uId: string };
  const cut = await page.request.post(`/sandbox/_sandbox/locations/${uId}/asset-count`, {
    data: { adamId: PROCREATE, countDelta: -397 },
  });
  expect(cut.status()).toBe(200);
  const added = await page.request.post("/api/locations", {
    data: cToken,
    headers: { "Content-Type": "text/plain" },
  });
  expect(added.status()).toBe(201);
  const { id } = (await added.json()) as { id: string };
  await page.goto(`/l/${id}`);
  await copyReady(page);
  // Saving a location's alert settings looks at every location now: what other locations (the demo
  // data of earlier specs) have to say fires before the job, so the job's alert is the newest. Three
  // left is already critical here (≤ 5 left); none left fires once more.
  expect((await page.request.put(`/api/locations/${id}/alerts/settings`, { data: {} })).status()).toBe(200);

  await page.goto(`/l/${id}/wizard?action=assign-devices&assets=${PROCREATE}:STDQ`);
  await page.getByLabel("Serial numbers").fill(["ALRT0001", "ALRT0002", "ALRT0003"].join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });

  // The bell counts it; the bell's "All alerts" leads to it (the bell itself lists the newest eight,
  // and the demo location of earlier specs has many of its own).
  const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
  const listed = page.getByRole("list", { name: "Alerts" }).getByRole("listitem").filter({
    hasText: "has no licences left at Alerts Middle School",
  });
  await expect(async () => {
    await page.reload();
    await bell.click();
    await page.getByRole("link", { name: "All alerts and where they go" }).click();
    await expect(listed).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(listed).toContainText("Critical");
  await expect(listed).toContainText("(unread)");
  await expectAccessible(page, "alerts");
  await listed.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/l/${id}/assets/${PROCREATE}/STDQ$`));
  await page.getByRole("button", { name: /^Notifications/ }).click();
  await expectAccessible(page, "notifications");
  await page.keyboard.press("Escape");

  // Read now; admins set where alerts go.
  await page.getByRole("link", { name: "Alerts", exact: true }).click();
  await expect(listed).not.toContainText("(unread)");
  await page.getByLabel("Recipients").fill("content-manager@school.example");
  await page.getByRole("button", { name: "Save e-mail settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: 1 recipient." })).toBeVisible();
  await expectAccessible(page, "alerts");

  // The location's settings say which rules are on.
  await page.goto(`/l/${id}/settings`);
  await expect(page.getByRole("checkbox", { name: "A limited title runs out" })).toBeChecked();
  await expectAccessible(page, "location settings with alerts");
});
