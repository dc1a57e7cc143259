import { expect, mintToken, signIn, test } from "./fixtures/test";

test("when a token file is dropped on the drop zone, then the location is added and opened", async ({
  page,
}) => {
  await signIn(page, "/locations");
  const token = await mintToken(page, { locationName: "Roosevelt Middle School" });
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "Roosevelt.vpptoken", { type: "application/octet-stream" }));
    return dt;
  }, token);
  const zone = page.getByTestId("token-dropzone");
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
  await expect(page.getByRole("heading", { level: 1, name: "Roosevelt Middle School" })).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);
});

test("when a token file is chosen with the file picker, then the location is added", async ({ page }) => {
  await signIn(page, "/locations");
  const token = await mintToken(page, { locationName: "Jefferson Elementary" });
  // By keyboard: the drop zone's button opens the browser's file picker.
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Choose the .vpptoken file" }).focus();
  await page.keyboard.press("Enter");
  await (
    await chooser
  ).setFiles({
    name: "Jefferson.vpptoken",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(token),
  });
  await expect(page.getByRole("heading", { level: 1, name: "Jefferson Elementary" })).toBeVisible();
  await page.goto("/locations");
  await expect(
    page.getByRole("article").or(page.locator("[aria-label='Location Jefferson Elementary']")),
  ).not.toHaveCount(0);
});

test("when an expired token is uploaded, then it is refused with its date and nothing is added", async ({
  page,
}) => {
  const expired = Buffer.from(
    JSON.stringify({ token: "x", expDate: "2020-12-31T13:57:19+02:00", orgName: "Lincoln" }),
  ).toString("base64");
  await signIn(page, "/locations");
  await page.getByLabel("…or paste the token text").fill(expired);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("This token was not accepted");
  await expect(alert).toContainText("This token expired on 31 December 2020");
});

test("when a malformed file is uploaded, then it is refused in plain words", async ({ page }) => {
  await signIn(page, "/locations");
  await page.locator('input[type="file"]').setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("my shopping list: milk, eggs"),
  });
  await expect(page.getByRole("alert")).toContainText("This is not a content token");
});

test("when the demo data is tried, then the demo location opens with its overview", async ({ page }) => {
  await signIn(page, "/locations");
  await page.getByRole("button", { name: "Try with demo data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lincoln High School" })).toBeVisible();
  await expect(page.getByLabel("Licences owned")).not.toHaveText("0");
  await expect(page.getByRole("table", { name: "Running out" })).toBeVisible();
  await page.goto("/locations");
  await expect(page.getByText("Demo data").first()).toBeVisible();
});

test("when a file is refused, then the message names it; a file too large says its size in KB", async ({
  page,
}) => {
  await signIn(page, "/locations");
  await page.locator('input[type="file"]').setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("my shopping list: milk, eggs"),
  });
  await expect(page.getByRole("alert")).toContainText('"notes.txt" was not accepted');
  await page.locator('input[type="file"]').setInputFiles({
    name: "photo.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.alloc(200 * 1024, 1),
  });
  await expect(page.getByRole("alert")).toContainText(
    '"photo.jpg" is 200 KB; a content token is at most 64 KB',
  );
});

test("when a newer token of a known location is uploaded, then it says renewed until the new date", async ({
  page,
}) => {
  await signIn(page, "/locations");
  const first = await mintToken(page, {
    locationName: "Washington High School",
    expDate: "2027-03-01T10:00:00+0000",
  });
  await page.getByLabel("…or paste the token text").fill(first);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Washington High School" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2] as string;
  const { uId } = (await (await page.request.get(`/api/locations/${id}`)).json()) as { uId: string };
  const renewal = await mintToken(page, { uId, expDate: "2028-03-01T10:00:00+0000" });
  await page.goto("/locations");
  await page.getByLabel("…or paste the token text").fill(renewal);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Renewed" })).toContainText(
    "Washington High School: token renewed until 1 March 2028.",
    // The location's first import may be using Apple's budget: the upload waits its turn.
    { timeout: 20_000 },
  );
  await expect(page).toHaveURL(/\/locations$/);
});
