/**
 * A tiny deterministic PRNG for fuzz tests: the same seed replays the same requests, so a failure found once can be
 * run again with `FUZZ_SEED=<seed>`.
 */
export class Rng {
  private state: number;
  constructor(readonly seed: number) { this.state = seed >>> 0; }

  /** mulberry32: 32 bits of state, good enough spread for choosing inputs. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]; }
  /** Picks by weight: `[[3, 'often'], [1, 'rarely']]`. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    let roll = this.next() * choices.reduce((sum, [w]) => sum + w, 0);
    for (const [w, value] of choices) if ((roll -= w) < 0) return value;
    return choices[choices.length - 1][1];
  }
}

/** `FUZZ_SEED` when set (a number, or `random` for a fresh one), else a fixed seed so CI runs are repeatable. */
export function fuzzSeed(env = process.env.FUZZ_SEED, fallback = 20261124): number {
  if (env === 'random') return Math.floor(Math.random() * 2 ** 32);
  return env && /^\d+$/.test(env) ? Number(env) >>> 0 : fallback;
}
