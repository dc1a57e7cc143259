// @vitest-environment happy-dom
import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { useUrlState } from "./use-url-state";

afterEach(cleanup);

const schema = z.object({
  q: z.string().catch(""),
  show: z.enum(["all", "retired"]).catch("all"),
  below: z.coerce.number().int().min(0).catch(10),
});

function setup(url: string) {
  let router!: ReturnType<typeof createMemoryRouter>;
  const wrapper = ({ children }: { children: ReactNode }) => {
    router ??= createMemoryRouter([{ path: "/", element: children }], { initialEntries: [url] });
    return <RouterProvider router={router} />;
  };
  const hook = renderHook(() => useUrlState(schema), { wrapper });
  return { hook, search: () => router.state.location.search };
}

describe("useUrlState", () => {
  it("when the URL holds valid and malformed values, then valid ones are read and the rest fall back", () => {
    const { hook } = setup("/?q=lyc%C3%A9e&show=nonsense&below=-3");
    expect(hook.result.current[0]).toEqual({ q: "lycée", show: "all", below: 10 });
  });

  it("when state is updated, then the URL changes; defaults and undefined leave it", () => {
    const { hook, search } = setup("/?q=old");
    act(() => hook.result.current[1]({ show: "retired", below: 5 }));
    expect(search()).toBe("?q=old&show=retired&below=5");
    act(() => hook.result.current[1]({ q: undefined, below: 10, show: "all" }));
    expect(search()).toBe("");
    expect(hook.result.current[0]).toEqual({ q: "", show: "all", below: 10 });
  });
});
