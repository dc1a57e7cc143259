/**
 * Compact, columnar storage of assignments so that a location can hold millions of them in a few
 * tens of MB. A row is (asset index, target index, version sequence); removals leave tombstones
 * that are compacted away once they outnumber half the live rows.
 */

const PAIR_FACTOR = 2 ** 26;

export class AssignmentStore {
  asset = new Int32Array(1024);
  target = new Int32Array(1024);
  seq = new Int32Array(1024);
  alive = new Uint8Array(1024);
  /** Rows used, including tombstones. */
  length = 0;
  liveCount = 0;
  private readonly pairs = new Map<number, number>();

  has(assetIdx: number, targetIdx: number): boolean {
    return this.pairs.has(assetIdx * PAIR_FACTOR + targetIdx);
  }

  add(assetIdx: number, targetIdx: number, seq: number): boolean {
    const key = assetIdx * PAIR_FACTOR + targetIdx;
    if (this.pairs.has(key)) return false;
    if (this.length === this.asset.length) this.grow();
    const row = this.length++;
    this.asset[row] = assetIdx;
    this.target[row] = targetIdx;
    this.seq[row] = seq;
    this.alive[row] = 1;
    this.pairs.set(key, row);
    this.liveCount++;
    return true;
  }

  remove(assetIdx: number, targetIdx: number): boolean {
    const key = assetIdx * PAIR_FACTOR + targetIdx;
    const row = this.pairs.get(key);
    if (row === undefined) return false;
    this.pairs.delete(key);
    this.alive[row] = 0;
    this.liveCount--;
    if (this.length - this.liveCount > Math.max(1024, this.liveCount / 2)) this.compact();
    return true;
  }

  /** Live row numbers that pass `keep`, in insertion order. */
  select(keep: (row: number) => boolean): Int32Array {
    const out = new Int32Array(this.liveCount);
    let n = 0;
    for (let row = 0; row < this.length; row++) {
      if (this.alive[row] === 1 && keep(row)) out[n++] = row;
    }
    return out.subarray(0, n);
  }

  private grow(): void {
    const size = this.asset.length * 2;
    const resize = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.asset = resize(this.asset, (n) => new Int32Array(n));
    this.target = resize(this.target, (n) => new Int32Array(n));
    this.seq = resize(this.seq, (n) => new Int32Array(n));
    this.alive = resize(this.alive, (n) => new Uint8Array(n));
  }

  private compact(): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      if (this.alive[r] !== 1) continue;
      const a = this.asset[r] as number;
      const t = this.target[r] as number;
      this.asset[w] = a;
      this.target[w] = t;
      this.seq[w] = this.seq[r] as number;
      this.alive[w] = 1;
      this.pairs.set(a * PAIR_FACTOR + t, w);
      w++;
    }
    this.alive.fill(0, w, this.length);
    this.length = w;
  }
}

export const enum TargetKind {
  Serial = 0,
  User = 1,
}

/** Synthetic serials (from the scale knob) are computed from their index, not stored. */
const SYNTHETIC_BASE = 2 ** 24;
const SYNTHETIC_PATTERN = /^SBX([0-9A-Z]{9})$/;

/** Interned assignment targets: serial numbers and clientUserIds. */
export class Targets {
  private readonly names: string[] = [];
  private readonly kinds: TargetKind[] = [];
  private readonly byKey = new Map<string, number>();
  syntheticCount = 0;

  intern(kind: TargetKind, name: string): number {
    const existing = this.find(kind, name);
    if (existing !== undefined) return existing;
    const idx = this.names.length;
    this.names.push(name);
    this.kinds.push(kind);
    this.byKey.set(`${kind}:${name}`, idx);
    return idx;
  }

  find(kind: TargetKind, name: string): number | undefined {
    if (kind === TargetKind.Serial) {
      const m = SYNTHETIC_PATTERN.exec(name);
      if (m) {
        const n = parseInt(m[1] as string, 36);
        if (n < this.syntheticCount) return SYNTHETIC_BASE + n;
      }
    }
    return this.byKey.get(`${kind}:${name}`);
  }

  /** Reserve `count` new synthetic serials; returns the first index. */
  addSynthetic(count: number): number {
    const first = SYNTHETIC_BASE + this.syntheticCount;
    this.syntheticCount += count;
    return first;
  }

  name(idx: number): string {
    if (idx >= SYNTHETIC_BASE) {
      return "SBX" + (idx - SYNTHETIC_BASE).toString(36).toUpperCase().padStart(9, "0");
    }
    return this.names[idx] as string;
  }

  kind(idx: number): TargetKind {
    return idx >= SYNTHETIC_BASE ? TargetKind.Serial : (this.kinds[idx] as TargetKind);
  }
}
