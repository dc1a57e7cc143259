import { QueryClient } from "@tanstack/react-query";
import type { LoaderFunctionArgs } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { assignmentsQueryOptions } from "../features/assignments/api/get-assignments";
import { usersQueryOptions } from "../features/users/api/get-users";
import { PAGE_DATA, prefetch } from "./prefetch";

afterEach(() => void vi.unstubAllGlobals());

const args = (url: string, params: Record<string, string>) =>
  ({ params, request: new Request(url), context: undefined }) as unknown as LoaderFunctionArgs;

describe("route prefetch", () => {
  it("when a device page is opened, then its assignments start loading at once and the loader does not wait", async () => {
    const fetch = vi.fn(() => new Promise<Response>(() => undefined)); // the console never answers here
    vi.stubGlobal("fetch", fetch);
    const client = new QueryClient();
    const result = prefetch(
      client,
      PAGE_DATA.device,
    )(args("http://console/l/L1/devices/F9FZ", { locationId: "L1", serial: "F9FZ" }));
    expect(result).toBeNull();
    const key = assignmentsQueryOptions("L1", { serialNumber: "F9FZ" }).queryKey;
    expect(client.getQueryState(key)?.fetchStatus).toBe("fetching");
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toContain(
      "/api/locations/L1/assignments?serialNumber=F9FZ",
    );
  });

  it("when the users page is opened with ?status=retired, then the retired users' query is the one started", () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise<Response>(() => undefined)),
    );
    const client = new QueryClient();
    prefetch(client, PAGE_DATA.users)(args("http://console/l/L1/users?status=retired", { locationId: "L1" }));
    expect(client.getQueryState(usersQueryOptions("L1", "retired").queryKey)?.fetchStatus).toBe("fetching");
    expect(client.getQueryState(usersQueryOptions("L1", "active").queryKey)).toBeUndefined();
  });
});
