import { useSyncExternalStore } from "react";

/**
 * Apple's waits as the browser meets them: every 503 APPLE_HOLD the proxy answers is reported here
 * (by `apiFetch`), per location, so any screen can say why it is waiting and for how long.
 */
const until = new Map<string, number>();
const listeners = new Set<() => void>();

const LOCATION_PATH = /^\/api\/locations\/([^/?]+)/;

/** The location a proxy path belongs to, or undefined for paths of no location. */
export function locationOfPath(path: string): string | undefined {
  const m = LOCATION_PATH.exec(path);
  return m ? decodeURIComponent(m[1] as string) : undefined;
}

/** A hold answered for this path: the location's wait ends `seconds` from now (the longest wins). */
export function reportHold(path: string, seconds: number, now = Date.now()): void {
  const id = locationOfPath(path);
  if (!id) return;
  const end = now + Math.max(1, seconds) * 1000;
  if ((until.get(id) ?? 0) >= end) return;
  until.set(id, end);
  tick();
}

/** When the location's current wait ends (ms since the epoch), or 0. */
export function holdEnd(locationId: string): number {
  return until.get(locationId) ?? 0;
}

/** Seconds left on the location's wait, or 0. */
export function holdSeconds(locationId: string, now = Date.now()): number {
  const end = holdEnd(locationId);
  return end > now ? Math.ceil((end - now) / 1000) : 0;
}

// While any wait lasts, listeners hear once a second (the countdowns move); then the clock stops.
let clock: ReturnType<typeof setInterval> | undefined;
function tick(): void {
  for (const l of listeners) l();
  const now = Date.now();
  const waiting = [...until.values()].some((end) => end > now);
  if (waiting && !clock) clock = setInterval(tick, 1000);
  if (!waiting && clock) {
    clearInterval(clock);
    clock = undefined;
  }
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Seconds left on Apple's wait for this location (0 when none), counting down each second. */
export function useHoldSeconds(locationId: string): number {
  return useSyncExternalStore(subscribe, () => holdSeconds(locationId));
}
