import { parseAppleDate } from "@vpp/proxy/contract";
import { UNLIMITED_COUNT } from "./apple";

const nf = new Intl.NumberFormat("en-US");

export const formatCount = (n: number): string =>
  n >= UNLIMITED_COUNT - 10_000_000 ? "Unlimited" : nf.format(n);

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const p = (part / whole) * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** "just now", "3 min ago", "2 h ago", then a date. */
export function formatRelative(at: number, now = Date.now()): string {
  const s = Math.round((now - at) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

export const formatDate = (iso: string): string => {
  const d = parseAppleDate(iso);
  return d ? d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) : iso;
};
