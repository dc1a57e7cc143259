/**
 * Failed sign-ins per user and per address within a window; past the limit, sign-in is refused
 * until the oldest failure leaves the window. Bounded: old keys are dropped.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until another attempt is allowed, or 0. */
  blockedFor(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.limit) return 0;
    return Math.ceil(((list[0] as number) + this.windowMs - now) / 1000);
  }

  fail(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 10_000) {
      for (const k of [...this.failures.keys()].slice(0, 1000)) this.failures.delete(k);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
