// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../lib/api-client";
import { renderUi } from "../../test/render";
import { QueryError } from "./query-error";

afterEach(cleanup);

describe("QueryError", () => {
  it("when the proxy refused with Apple's number and a request id, then both are shown to quote", () => {
    const err = new ApiError(422, "APPLE_REFUSED", "Apple refused it.", 9602, undefined, "3f1c-req");
    renderUi(<QueryError error={err} title="Could not load the assets" />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveProperty("textContent", expect.stringContaining("Could not load the assets"));
    expect(alert.textContent).toContain("Apple refused it.");
    expect(alert.textContent).toContain("Apple error 9602 · Reference 3f1c-req");
  });

  it("when Apple asked to wait, then the wait counts down instead of an error", () => {
    const err = new ApiError(503, "APPLE_HOLD", "Apple asked us to wait 30 s", undefined, 30);
    renderUi(<QueryError error={err} />);
    expect(screen.getByRole("alert").textContent).toContain("Apple asked us to wait 30 s");
    expect(screen.getByRole("alert").textContent).toContain("Resuming by itself in 30 s.");
  });

  it("when Try again is pressed, then the retry runs", async () => {
    const retry = vi.fn();
    renderUi(<QueryError error={new Error("offline")} onRetry={retry} />);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
