// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { AccountMenu } from "./account-menu";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The console answering DELETE /api/sessions with `res`; every call is kept. */
function consoleAnswers(res: () => Response) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${url}`);
      return res();
    }),
  );
  return calls;
}

function renderMenu() {
  renderUi(
    <Routes>
      <Route path="/" element={<AccountMenu username="pat" role="viewer" />} />
      <Route path="/sign-in" element={<p>The sign-in page</p>} />
    </Routes>,
  );
}

async function signOutEverywhere() {
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: /Account menu/ }));
  // hidden: Mantine's dropdown is still in its opening transition for happy-dom.
  await user.click(await screen.findByRole("menuitem", { name: "Sign out everywhere", hidden: true }));
}

describe("AccountMenu", () => {
  it("when signing out everywhere is refused, then it says so and this browser stays signed in", async () => {
    const calls = consoleAnswers(() =>
      Response.json({ error: { code: "INTERNAL", message: "The store did not answer." } }, { status: 503 }),
    );
    renderMenu();
    await signOutEverywhere();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The store did not answer.");
    expect(alert.textContent).toContain("Your other sessions may still be open");
    expect(screen.queryByText("The sign-in page")).toBeNull();
    expect(calls).toEqual(["DELETE /api/sessions"]);
  });

  it("when signing out everywhere works, then the sign-in page follows", async () => {
    const calls = consoleAnswers(() => Response.json({ ended: 3 }));
    renderMenu();
    await signOutEverywhere();
    expect(await screen.findByText("The sign-in page")).toBeTruthy();
    expect(calls).toEqual(["DELETE /api/sessions"]);
  });
});
