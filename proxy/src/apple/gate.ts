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
 * Retry-After (no request leaves until it has passed), and a limit of maxRequestPerSecond.
 *
 * A request counts against the limit from its start until a second after it completed: Apple
 * received it somewhere in between, so any one-second window at Apple sees at most the limit,
 * whatever the network and processing delays. Waiting callers are bounded.
 */
export class UpstreamGate {
  private holdUntil = 0;
  private backoffMs = 0;
  private readonly requests: { end?: number }[] = [];
  private wakers: (() => void)[] = [];
  private waiting = 0;

  constructor(
    private readonly maxPerSecond: () => number,
    private readonly maxQueued = 200,
    private readonly windowMs = 1020,
  ) {}

  /** Seconds left on the hold, or 0. */
  heldFor(now = Date.now()): number {
    return this.holdUntil > now ? Math.ceil((this.holdUntil - now) / 1000) : 0;
  }

  /**
   * Wait for room; returns the release to call when Apple's answer is in. Throws GateClosedError
   * during a hold or when too many callers are already waiting.
   */
  async acquire(): Promise<() => void> {
    const held = this.heldFor();
    if (held > 0) throw new GateClosedError(held, "hold");
    if (this.waiting >= this.maxQueued) throw new GateClosedError(1, "busy");
    this.waiting++;
    try {
      for (;;) {
        const now = Date.now();
        this.prune(now);
        if (this.requests.length < Math.max(1, this.maxPerSecond())) break;
        const ends = this.requests.flatMap((r) => (r.end === undefined ? [] : [r.end]));
        const wakeIn = ends.length > 0 ? Math.min(...ends) + this.windowMs - now : undefined;
        await new Promise<void>((resolve) => {
          const t = wakeIn !== undefined ? setTimeout(resolve, wakeIn) : undefined;
          this.wakers.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
        const stillHeld = this.heldFor();
        if (stillHeld > 0) throw new GateClosedError(stillHeld, "hold");
      }
    } finally {
      this.waiting--;
    }
    const request: { end?: number } = {};
    this.requests.push(request);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      request.end = Date.now();
      const wakers = this.wakers;
      this.wakers = [];
      for (const wake of wakers) wake();
    };
  }

  /** A request for this location that went through another gate (a token upload) counts here too. */
  counted(endedAt: number): void {
    this.requests.push({ end: endedAt });
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

  private prune(now: number): void {
    for (let i = this.requests.length - 1; i >= 0; i--) {
      const end = this.requests[i]?.end;
      if (end !== undefined && end <= now - this.windowMs) this.requests.splice(i, 1);
    }
  }
}

/** Retry-After in seconds (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
