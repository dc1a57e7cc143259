import { expectAccessible } from "./fixtures/axe";
import { expect, signIn, test } from "./fixtures/test";

test("when Apple asks the console to wait before the first import, then the screens say so with a countdown and show no zeros, and go on by themselves", async ({
  page,
}) => {
  await signIn(page, "/locations");
  const minted = await page.request.post("/sandbox/_sandbox/tokens", {
    data: { locationName: "Waiting Elementary" },
  });
  const { cToken, uId } = (await minted.json()) as { cToken: string; uId: string };
  // Apple answers the first read of the assets with 503 and Retry-After: 6.
  const fault = await page.request.post("/sandbox/_sandbox/faults", {
    data: { status: 503, retryAfter: 6, pathPrefix: "/assets", method: "GET", uId, count: 1 },
  });
  expect(fault.ok()).toBe(true);
  await page.getByLabel("…or paste the token text").fill(cToken);
  await page.getByRole("button", { name: "Add pasted token" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Waiting Elementary" })).toBeVisible();

  const notice = page.getByRole("status").filter({ hasText: "Apple asked the console to wait" });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(notice).toContainText(/tries again by itself in [1-6] s/);
  // Unknown is not zero.
  await expect(page.getByLabel("Licences owned")).toHaveText("—");
  await expectAccessible(page, "overview while Apple asks to wait");

  // The wait ends by itself: the notice goes and the real counts arrive.
  await expect(notice).toBeHidden({ timeout: 20_000 });
  await expect(page.getByLabel("Licences owned")).toHaveText(/^[1-9][\d,]*$/, { timeout: 30_000 });
  await expect(page.getByText(/^Synced /).first()).toBeVisible({ timeout: 30_000 });
});
