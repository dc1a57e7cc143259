import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api-client";

/** One global retry rule: never retry 4xx except 429; a hold from Apple (503) is waited out. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.code === "APPLE_HOLD") return failureCount < 6;
  if (failureCount >= 3) return false;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return error.status === 429;
  return true;
}

/** Honour Retry-After; otherwise back off 1 s, 2 s, 4 s. */
export function retryDelay(failureCount: number, error: unknown): number {
  if (error instanceof ApiError && error.retryAfterSeconds) return error.retryAfterSeconds * 1000;
  return Math.min(1000 * 2 ** failureCount, 8000);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 60_000, refetchOnWindowFocus: false },
    },
  });
}

/** The app's one query client (route loaders prefetch into it). */
export const queryClient = createQueryClient();
