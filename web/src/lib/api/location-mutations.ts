import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api-client";
import { retryDelay } from "../query-client";
import { claimLocation, createDemoLocation, deleteLocation, locationKeys, uploadToken } from "./locations";

/**
 * Every change to locations, each refreshing the locations list before its caller goes on
 * (a page opened next finds the location it was told about).
 */
function useLocationMutation<A, R>(fn: (arg: A) => Promise<R>, retryOnHold = false) {
  const queryClient = useQueryClient();
  return useMutation<R, Error, A>({
    mutationFn: fn,
    ...(retryOnHold ? { retry: nothingSentYet, retryDelay } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: locationKeys.all }),
  });
}

/**
 * A refusal that changed nothing at Apple (it asked to wait, or the console held the request back)
 * is tried again after the wait: an upload (or a renewal) is the same whenever it lands.
 */
const nothingSentYet = (failures: number, error: unknown) =>
  failures < 4 &&
  error instanceof ApiError &&
  (error.code === "APPLE_HOLD" || error.code === "UPSTREAM_BUSY");

export const useUploadToken = () => useLocationMutation(uploadToken, true);
export const useCreateDemoLocation = () => useLocationMutation(() => createDemoLocation());
export const useClaimLocation = () => useLocationMutation(claimLocation);
export const useDeleteLocation = () => useLocationMutation(deleteLocation);
