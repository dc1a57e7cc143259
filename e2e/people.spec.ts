import { expectAccessible } from "./fixtures/axe";
import { copyReady, expect, mintToken, signIn, test } from "./fixtures/test";

const KEYNOTE = "361285480";

test("when a roster is imported, then people show by name, a group gets an app, a person shows it, and a leaver is retired with their licences", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, "/locations");
  const token = await mintToken(page, { locationName: "Parks Middle School", data: "empty" });
  await page.getByLabel("…or paste the token text").fill(token);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Parks Middle School" })).toBeVisible();
  const base = new URL(page.url()).pathname;
  await copyReady(page);

  // A roster CSV: reviewed, one bad line listed by number, nothing sent until confirmed.
  await page.goto(`${base}/users`);
  await page.getByRole("link", { name: "Import a roster" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a roster" })).toBeVisible();
  const csv = [
    "First name,Last name,Email,Class",
    "Ada,Lovelace,ada@parks.example,7A",
    "Alan,Turing,alan@parks.example,7A",
    "Grace,Hopper,grace@parks.example,7B",
    "Bad,Line,not an email,7B",
  ].join("\n");
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "roster-year-7.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("status", { name: "Roster summary" })).toContainText(
    "3 people · 3 new at Apple",
  );
  await expect(page.getByText("Line 5: not an email: contains spaces")).toBeVisible();
  await expect(page.getByRole("table", { name: "People in the roster" })).toContainText("Grace Hopper");
  await expectAccessible(page, "roster import");
  await page.getByRole("button", { name: /Register 3 with Apple/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Register 3 people" })).toBeVisible();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });

  // People by name, with their group; the copy picks them up after the job.
  await page.goto(`${base}/users`);
  const users = page.getByRole("table", { name: "Users" });
  await expect(async () => {
    await page.reload();
    await expect(users.getByRole("link", { name: "Ada Lovelace" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(users).toContainText("ada@parks.example");
  await expect(users).toContainText("7A");
  await expectAccessible(page, "users by name");

  // Keynote to everyone in 7A: the group resolves to its two people before the review.
  await page.goto(`${base}/wizard?action=assign-users&assets=${KEYNOTE}:STDQ`);
  await page.getByRole("combobox", { name: "Everyone in a group" }).click();
  await page.getByRole("option", { name: "7A (2)" }).click();
  await page.getByRole("button", { name: "Add the group" }).click();
  await expect(page.getByRole("status", { name: "Target count" })).toContainText("2 clientUserIds");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Start the job" }).click();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });

  // Ada's page: her name, group, invitation link and Keynote.
  await page.goto(`${base}/users`);
  await users.getByRole("link", { name: "Ada Lovelace" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ada Lovelace" })).toBeVisible();
  const ada = page.url();
  await expect(page.getByLabel("Invitation link (not accepted yet)")).toHaveValue(/inviteCode=[0-9a-f]{32}/);
  const held = page.getByRole("table", { name: /Licences held by this/ });
  await expect(held).toContainText("Keynote");
  await expectAccessible(page, "person");

  // Ada leaves: her licences are taken back first, then she is retired.
  await page.getByRole("link", { name: "Retire this person" }).click();
  await expect(page.getByRole("status", { name: "People to retire" })).toHaveText("1 active person found");
  await expect(
    page.getByRole("checkbox", { name: "Take back their licences first (recommended)" }),
  ).toBeChecked();
  await expectAccessible(page, "retire");
  await page.getByRole("button", { name: "Retire 1 person" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Retire 1 person" })).toBeVisible();
  await expect(page.getByLabel("Job state")).toHaveText("complete", { timeout: 45_000 });
  await page.goto(ada);
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Retired", { exact: true }).first()).toBeVisible({ timeout: 2_000 });
    await expect(held).not.toContainText("Keynote", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});
