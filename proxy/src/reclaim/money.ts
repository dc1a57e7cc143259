import type { Money } from "../contract/reclaim.js";

/** Minor-unit digits of a currency (USD 2, JPY 0, BHD 3), as Intl knows them. */
export function digitsOf(currency: string): number {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** "4.99" USD → 499; undefined when the amount has more decimals than the currency has. */
export function toMinor(amount: string, currency: string): number | undefined {
  const digits = digitsOf(currency);
  const [whole = "0", frac = ""] = amount.split(".");
  if (frac.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
}

export function fromMinor(minor: number, currency: string): string {
  const digits = digitsOf(currency);
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Sums kept per currency: amounts in different currencies are never added together. */
export class Purse {
  private readonly minor = new Map<string, number>();

  add(price: { amount: string; currency: string } | undefined, count: number): void {
    if (!price || count === 0) return;
    const m = toMinor(price.amount, price.currency) ?? 0;
    this.minor.set(price.currency, (this.minor.get(price.currency) ?? 0) + m * count);
  }

  list(): Money[] {
    return [...this.minor]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, m]) => ({ currency, amount: fromMinor(m, currency) }));
  }
}

export const times = (price: Money | undefined, count: number): Money | null => {
  if (!price) return null;
  const p = new Purse();
  p.add(price, count);
  return p.list()[0] ?? { currency: price.currency, amount: fromMinor(0, price.currency) };
};
