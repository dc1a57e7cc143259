// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderUi } from "../../../test/render";
import { SignInForm } from "./sign-in-form";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The console's signed-out session answer, saying which sign-ins it offers. */
const offering = (signIn: { local: boolean; sso: string | null }) =>
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => Response.json({ signedIn: false, signIn })),
  );

describe("SignInForm", () => {
  it("when the console has single sign-on, then a link starts it and comes back to where the person was going", async () => {
    offering({ local: true, sso: "District SSO" });
    renderUi(<SignInForm target="/l/a/assets?q=x" ssoProblem={null} onSignedIn={() => {}} />);
    const link = await screen.findByRole("link", { name: "Sign in with District SSO" });
    expect(link.getAttribute("href")).toBe("/api/oidc/start?next=%2Fl%2Fa%2Fassets%3Fq%3Dx");
    expect(screen.getByLabelText(/^Username/)).toBeTruthy();
  });

  it("when local sign-in is off, then there is no password to type, only single sign-on", async () => {
    offering({ local: false, sso: "District SSO" });
    renderUi(<SignInForm target="/" ssoProblem={null} onSignedIn={() => {}} />);
    await screen.findByRole("link", { name: "Sign in with District SSO" });
    expect(screen.queryByLabelText(/^Username/)).toBeNull();
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
  });

  it("when single sign-on came back refused for lack of a group, then the page says what to ask IT for", async () => {
    offering({ local: true, sso: "District SSO" });
    renderUi(<SignInForm target="/" ssoProblem="no-access" onSignedIn={() => {}} />);
    expect((await screen.findByRole("alert")).textContent).toContain("neither of the console's groups");
  });

  it("without single sign-on, then only the password form is shown", async () => {
    offering({ local: true, sso: null });
    renderUi(<SignInForm target="/" ssoProblem={null} onSignedIn={() => {}} />);
    expect(await screen.findByLabelText(/^Username/)).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Sign in with/ })).toBeNull();
  });
});
