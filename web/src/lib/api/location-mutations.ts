import { useMutation, useQueryClient } from "@tanstack/react-query";
import { claimLocation, createDemoLocation, deleteLocation, locationKeys, uploadToken } from "./locations";

/**
 * Every change to locations, each refreshing the locations list before its caller goes on
 * (a page opened next finds the location it was told about).
 */
function useLocationMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: locationKeys.all }),
  });
}

export const useUploadToken = () => useLocationMutation(uploadToken);
export const useCreateDemoLocation = () => useLocationMutation(() => createDemoLocation());
export const useClaimLocation = () => useLocationMutation(claimLocation);
export const useDeleteLocation = () => useLocationMutation(deleteLocation);
