// @vitest-environment happy-dom
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderUi } from "../../../test/render";
import type { Job, JobChunk } from "../../../lib/api/jobs";
import { JobProgress } from "./job-progress";

afterEach(cleanup);

const chunk = (over: Partial<JobChunk>): JobChunk => ({
  seq: 0,
  state: "complete",
  assets: [{ adamId: "1", pricingParam: "STDQ" }],
  serialNumbers: ["S1", "S2"],
  clientUserIds: [],
  eventId: "e-1",
  eventStatus: "COMPLETE",
  sentAt: null,
  numRequested: 2,
  numCompleted: 2,
  possiblyRepeated: false,
  attempts: 1,
  error: null,
  confirmation: "apple",
  ...over,
});

const job = (over: Partial<Job>): Job => ({
  id: "j-1",
  locationId: "l-1",
  type: "associate",
  state: "running",
  request: {
    type: "associate",
    assets: [{ adamId: "1", pricingParam: "STDQ" }],
    serialNumbers: ["S1", "S2"],
    clientUserIds: [],
  },
  plan: { requests: 1, limits: {}, perAsset: [], warnings: [] },
  requestedBy: "admin",
  retryOf: null,
  createdAt: "2026-11-23T08:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  error: null,
  paused: null,
  acknowledgedMdm: null,
  chunks: [chunk({})],
  failures: [],
  outcomes: [],
  numRequested: 2,
  numCompleted: 2,
  chunksSent: 1,
  ...over,
});

const names = new Map([["1", "Keynote"]]);

describe("JobProgress", () => {
  it("when another MDM took over, then the pause says so and an admin can confirm to send the rest", async () => {
    const confirm = vi.fn();
    const paused = job({
      state: "paused",
      paused: { code: "MANAGED_BY_OTHER", message: "Jamf Pro now manages this location.", at: "x" },
      chunks: [chunk({ state: "planned", eventId: null, numRequested: null, numCompleted: null })],
    });
    renderUi(<JobProgress job={paused} names={names} onConfirmTakeover={confirm} onCancel={() => {}} />);
    expect(screen.getByLabelText("Job state").textContent).toBe("paused");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Jamf Pro now manages this location.");
    await userEvent.click(
      within(alert).getByRole("button", { name: "Confirm the takeover and send the rest" }),
    );
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Cancel the job" })).toBeTruthy();
  });

  it("when the token was refused, then the pause points to the Locations page, with no takeover button", () => {
    const paused = job({
      state: "paused",
      paused: { code: "TOKEN_REFUSED", message: "Apple refused this location's token (9625).", at: "x" },
    });
    renderUi(<JobProgress job={paused} names={names} onConfirmTakeover={() => {}} />);
    expect(screen.getByRole("link", { name: "Upload the newest token on the Locations page" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Confirm the takeover/ })).toBeNull();
  });

  it("when targets were checked in Apple's assignments, then the not-done ones are listed and retryable", () => {
    const finished = job({
      state: "failed",
      chunks: [chunk({ state: "failed", confirmation: "reconciled", numCompleted: 1 })],
      numCompleted: 1,
      outcomes: [
        {
          seq: 0,
          outcome: "verified",
          adamId: "1",
          pricingParam: "STDQ",
          serialNumber: "S1",
          clientUserId: null,
          count: null,
        },
        {
          seq: 0,
          outcome: "not-done",
          adamId: "1",
          pricingParam: "STDQ",
          serialNumber: "S2",
          clientUserId: null,
          count: null,
        },
      ],
    });
    renderUi(<JobProgress job={finished} names={names} onRetry={() => {}} />);
    expect(screen.getByRole("status", { name: "Job counts" }).textContent).toContain(
      "1 of 2 done · 1 failed or not done",
    );
    const rows = within(screen.getByRole("table", { name: "Failures" })).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "App or bookDevice or userApple errorWhat it means",
      "KeynoteS2—Apple did not confirm it, and its assignments show it was not done.",
    ]);
    expect(screen.getByRole("button", { name: "Retry the 1 failed" })).toBeTruthy();
    const requests = within(screen.getByRole("table", { name: "Requests to Apple" })).getAllByRole("row");
    expect(requests[1]?.textContent).toContain("finished with failures (checked in Apple's assignments)");
  });

  it("when a cancelled job left a request unconfirmed, then it says so and offers to retry it", () => {
    const cancelled = job({
      state: "cancelled",
      error: "Cancelled. 1 request had already reached Apple and may still be carried out there.",
      chunks: [chunk({ state: "unconfirmed", confirmation: "unconfirmed", eventStatus: "PENDING" })],
    });
    renderUi(<JobProgress job={cancelled} names={names} onRetry={() => {}} />);
    expect(screen.getByText("Cancelled")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Retry the unconfirmed request" })).toBeTruthy();
    expect(screen.getByRole("table", { name: "Requests to Apple" }).textContent).toContain(
      "sent; outcome unknown",
    );
  });
});
