/** A small deterministic random source, so a failing randomised test can be replayed by seed. */
export interface SeededRandom {
  /** The seed it was made with, to print when a test fails. */
  readonly seed: number;
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly [T, ...T[]]): T;
}

/**
 * A seeded PRNG (mulberry32): fast, 32-bit state, good enough for test corpora and benchmarks,
 * and the same sequence in every JavaScript engine. Not for anything secret.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (bound: number) => Math.floor(next() * bound);
  return {
    seed,
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[int(items.length)] ?? items[0],
  };
}
