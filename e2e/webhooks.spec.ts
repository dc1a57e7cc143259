import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expectAccessible } from "./fixtures/axe";
import { expect, signIn, test } from "./fixtures/test";

/** A real receiver on loopback: keeps each post, answers with the next of `answers` (then 200). */
async function receiver(answers: number[]) {
  const posts: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      posts.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, posts, server };
}

test("when an admin adds a webhook and sends a test, then the receiver gets it signed with the secret shown once, and a refusal is shown in words", async ({
  page,
}) => {
  const hook = await receiver([500]);
  await signIn(page, "/alerts");
  await expect(page.getByRole("heading", { level: 2, name: "Webhooks" })).toBeVisible();
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  const address = page.getByRole("textbox", { name: "Address", exact: true });
  await name.fill("District ops");
  await address.fill(hook.url);
  // Once failed in CI with the button still disabled: say which field lost its text if it happens again.
  await expect(name).toHaveValue("District ops");
  await expect(address).toHaveValue(hook.url);
  await page.getByRole("button", { name: "Add the webhook" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Signing secret of “District ops”" });
  const secret = (await shown.getByLabel("The signing secret").innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  await expectAccessible(page, "alerts with a webhook");

  // The receiver refuses the first post: the console says so, and when it tries again.
  const send = page.getByRole("button", { name: "Send a test to District ops" });
  await send.click();
  await expect(page.getByRole("status").filter({ hasText: "did not take the test post" })).toContainText(
    "the receiver answered HTTP 500. It is tried again at",
  );
  await send.click();
  await expect(page.getByRole("status").filter({ hasText: "took the test post" })).toHaveText(
    "“District ops” took the test post: HTTP 200.",
  );

  const last = hook.posts.at(-1);
  expect(JSON.parse(last?.body ?? "{}")).toMatchObject({ event: "webhook.test", data: { sentBy: "admin" } });
  const [t, v1] = String(last?.headers["x-vppc-signature"])
    .split(",")
    .map((p) => p.split("=")[1]);
  expect(crypto.createHmac("sha256", secret).update(`${t}.${last?.body}`).digest("hex")).toBe(v1);

  // The delivery log lists both posts, by keyboard.
  await page.getByRole("button", { name: "Deliveries of District ops" }).focus();
  await page.keyboard.press("Enter");
  const log = page.getByRole("table", { name: "Deliveries of District ops" });
  await expect(log.getByRole("row").filter({ hasText: "webhook.test" })).toHaveCount(2);
  await expect(log).toContainText("delivered (HTTP 200)");
  await expectAccessible(page, "webhook delivery log");
  hook.server.close();
});
