/** Refusal raised before anything goes upstream: the location is on hold or the queue is full. */
export class GateClosedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly reason: "hold" | "busy",
  ) {
    super(
      reason === "hold"
        ? `Apple asked us to wait ${retryAfterSeconds} s`
        : "Too many requests are queued for Apple",
    );
  }
}

/**
 * Everything that goes to Apple for one location passes this gate: a hold after 429 / 503 with
 * Retry-After (no request leaves until it has passed), and a sliding-window limit that never
 * exceeds maxRequestPerSecond. Waiting requests reserve future slots; the queue is bounded.
 */
export class UpstreamGate {
  private holdUntil = 0;
  private backoffMs = 0;
  private readonly slots: number[] = [];

  constructor(
    private readonly maxPerSecond: () => number,
    private readonly maxQueued = 200,
    /** Slightly over a second, so Apple's own clock never sees max + 1 in its window. */
    private readonly windowMs = 1100,
  ) {}

  /** Seconds left on the hold, or 0. */
  heldFor(now = Date.now()): number {
    return this.holdUntil > now ? Math.ceil((this.holdUntil - now) / 1000) : 0;
  }

  /** Wait for a slot; throws GateClosedError during a hold or when too many are waiting. */
  async acquire(): Promise<void> {
    const now = Date.now();
    const held = this.heldFor(now);
    if (held > 0) throw new GateClosedError(held, "hold");
    const max = Math.max(1, this.maxPerSecond());
    while (this.slots.length > 0 && (this.slots[0] as number) <= now - this.windowMs) this.slots.shift();
    let at = now;
    if (this.slots.length >= max)
      at = Math.max(now, (this.slots[this.slots.length - max] as number) + this.windowMs);
    const queued = this.slots.filter((t) => t > now).length;
    if (at > now && queued >= this.maxQueued) throw new GateClosedError(1, "busy");
    this.slots.push(at);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
    const stillHeld = this.heldFor();
    if (stillHeld > 0) throw new GateClosedError(stillHeld, "hold");
  }

  /** Apple said wait: honour Retry-After, or back off incrementally (1 s, 2 s, 4 s … 60 s). */
  hold(retryAfterSeconds: number | undefined): number {
    const ms =
      retryAfterSeconds !== undefined && retryAfterSeconds > 0
        ? retryAfterSeconds * 1000
        : (this.backoffMs = Math.min(60_000, this.backoffMs ? this.backoffMs * 2 : 1000));
    this.holdUntil = Math.max(this.holdUntil, Date.now() + ms);
    return Math.ceil(ms / 1000);
  }

  succeeded(): void {
    this.backoffMs = 0;
  }
}

/** Retry-After in seconds (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
