/** Deterministic pseudo-random numbers (mulberry32) so seeded demo data is identical on every run. */
export interface Rng {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  uuid(): string;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, maxInclusive: number): number =>
    min + Math.floor(next() * (maxInclusive - min + 1));
  const hex = (length: number): string => {
    let s = "";
    while (s.length < length) s += Math.floor(next() * 16).toString(16);
    return s;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(0, 3)]}${hex(3)}-${hex(12)}`,
    chance: (p: number) => next() < p,
  };
}

let clock = 0;
/** A time-based, UUIDv1-shaped id like Apple's `versionId` examples (70e8c740-514c-11eb-bb63-…). */
export function timeUuid(): string {
  const t = BigInt(Date.now()) * 10000n + 0x01b21dd213814000n + BigInt(clock++ % 10000);
  const hex = t.toString(16).padStart(15, "0");
  const low = hex.slice(-8);
  const mid = hex.slice(-12, -8);
  const high = hex.slice(0, 3);
  const rand = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, "0");
  return `${low}-${mid}-1${high}-${(0x8000 | (Math.random() * 0x3fff)).toString(16)}-${rand()}${rand()}${rand()}`;
}
