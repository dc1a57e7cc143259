import { describe, expect, it } from "vitest";
import { getSteps } from "../get-steps";

describe("getSteps", () => {
  it("when assigning, then the steps are action, apps and books, devices, review", () => {
    expect(getSteps("assign-devices").map((s) => s.label)).toEqual([
      "Action",
      "Apps and books",
      "Devices",
      "Review",
    ]);
  });
  it("when revoking from users, then there is no asset step and targets are users", () => {
    expect(getSteps("revoke-users").map((s) => s.label)).toEqual(["Action", "Users", "Review"]);
  });
});
