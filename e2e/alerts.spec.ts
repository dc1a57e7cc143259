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

  await page.goto(`/l/${id}/wizard?action=assign-devices&assets=${PROCREATE}:STDQ`);
  await page.getByLabel("Serial numbers").fill(["ALRT0001", "ALRT0002", "ALRT0003"].join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });

  // The bell polls every 30 s; a reload shows what fired when the job ended.
  await page.reload();
  const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible({ timeout: 35_000 });
  await bell.click();
  const dialog = page.getByRole("dialog", { name: "Notifications" });
  const alert = dialog.getByRole("link", { name: /has no licences left at Alerts Middle School/ });
  await expect(alert).toBeVisible();
  await expect(dialog.getByText("Critical").first()).toBeVisible();
  await expectAccessible(page, "notifications");
  await alert.click();
  await expect(page).toHaveURL(new RegExp(`/l/${id}/assets/${PROCREATE}/STDQ$`));

  // The alerts page lists it, read now; admins set where alerts go.
  await page.getByRole("link", { name: "Alerts", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const listed = page.getByRole("list", { name: "Alerts" }).getByRole("listitem").filter({
    hasText: "has no licences left at Alerts Middle School",
  });
  await expect(listed).toHaveCount(1);
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
