// @vitest-environment happy-dom
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiFetch } from "../../lib/api-client";
import { renderUi } from "../../test/render";
import { HoldNotice } from "./hold-notice";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const holdAnswer = (seconds: number) =>
  new Response(
    JSON.stringify({ error: { code: "APPLE_HOLD", message: "wait", retryAfterSeconds: seconds } }),
    { status: 503, headers: { "Content-Type": "application/json" } },
  );

describe("HoldNotice", () => {
  it("when any request of the location meets Apple's wait, then the location's screens say so and count down to the end", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false, toFake: ["Date", "setInterval", "clearInterval"] });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => holdAnswer(5)),
    );
    renderUi(
      <>
        <HoldNotice locationId="loc-a" />
        <HoldNotice locationId="loc-b" />
      </>,
    );
    expect(screen.queryByRole("status")).toBeNull();
    await expect(apiFetch("/api/locations/loc-a/assignments?limit=1000")).rejects.toMatchObject({
      code: "APPLE_HOLD",
    });
    const notice = await screen.findByRole("status");
    expect(notice.textContent).toContain("Apple asked the console to wait");
    expect(notice.textContent).toContain("tries again by itself in 5 s");
    // Only the location that was held.
    expect(screen.getAllByRole("status")).toHaveLength(1);
    act(() => void vi.advanceTimersByTime(2000));
    expect(screen.getByRole("status").textContent).toContain("in 3 s");
    act(() => void vi.advanceTimersByTime(3000));
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("when a request of no location is held, then no location's screen claims a wait", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => holdAnswer(5)),
    );
    renderUi(<HoldNotice locationId="loc-c" />);
    await expect(apiFetch("/api/overview")).rejects.toMatchObject({ code: "APPLE_HOLD" });
    expect(screen.queryByRole("status")).toBeNull();
  });
});
