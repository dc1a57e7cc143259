// @vitest-environment happy-dom
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../lib/api-client";
import { RouteError } from "./route-error";

afterEach(cleanup);

function Broken(): never {
  throw new ApiError(500, "INTERNAL", "Something went wrong on the server.", undefined, undefined, "req-42");
}

describe("RouteError", () => {
  it("when a page throws, then its boundary says so in words with the request id and offers a reload", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React reports the caught error
    const router = createMemoryRouter(
      [
        { path: "/", element: <nav aria-label="Main navigation" />, children: [] },
        { path: "/page", element: <Broken />, errorElement: <RouteError /> },
      ],
      { initialEntries: ["/page"] },
    );
    render(
      <MantineProvider>
        <RouterProvider router={router} />
      </MantineProvider>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("This page could not be shown");
    expect(alert.textContent).toContain("Something went wrong on the server.");
    expect(alert.textContent).toContain("Reference req-42");
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeTruthy();
  });
});
