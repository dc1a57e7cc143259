import type { ExpiryState } from "./api/locations";

/** Colour and words for a token's expiry (warnings at 30 and 15 days). */
export function expiryLook(state: ExpiryState, days: number): { color: string; label: string } {
  switch (state) {
    case "expired":
      return { color: "red", label: "Expired" };
    case "critical":
      return {
        color: "red",
        label: days <= 0 ? "Expires today" : `Expires in ${days} day${days === 1 ? "" : "s"}`,
      };
    case "warning":
      return { color: "orange", label: `Expires in ${days} days` };
    default:
      return { color: "teal", label: `Valid for ${days} days` };
  }
}
