// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { useFocusOnNavigate } from "./use-focus-on-navigate";

afterEach(cleanup);

function Shell() {
  useFocusOnNavigate();
  return (
    <>
      <input aria-label="Search" />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

/** A page whose heading comes only after it "loaded". */
function Late({ title }: { title: string }) {
  const [ready, setReady] = useState(false);
  return ready ? <h1>{title}</h1> : <button onClick={() => setReady(true)}>load</button>;
}

function setup() {
  const router = createMemoryRouter(
    [
      {
        element: <Shell />,
        children: [
          { path: "/", element: <h1>Overview</h1> },
          { path: "/assets", element: <h1>Apps and books</h1> },
          { path: "/late", element: <Late title="Late page" /> },
        ],
      },
    ],
    { initialEntries: ["/"] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe("useFocusOnNavigate", () => {
  it("when the app first loads, then the focus is left where the browser puts it", async () => {
    setup();
    await new Promise((r) => setTimeout(r, 50));
    expect(document.activeElement).toBe(document.body);
  });

  it("when the user moves to another page, then its main heading takes the focus", async () => {
    const router = setup();
    await act(() => router.navigate("/assets"));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Apps and books" })),
    );
  });

  it("when the heading comes late, then it is waited for; when the user focused something meanwhile, then the focus stays theirs", async () => {
    const router = setup();
    await act(() => router.navigate("/late"));
    await new Promise((r) => setTimeout(r, 50));
    act(() => screen.getByRole("button", { name: "load" }).click());
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Late page" })),
    );

    await act(() => router.navigate("/assets"));
    await act(() => router.navigate("/late"));
    const search = screen.getByRole("textbox", { name: "Search" });
    act(() => search.focus());
    act(() => screen.getByRole("button", { name: "load" }).click());
    await new Promise((r) => setTimeout(r, 100));
    expect(document.activeElement).toBe(search);
  });
});
