/**
 * Seeded pseudo-random numbers (mulberry32): every randomised step of the
 * engine takes an `rng` built from the user's `--seed`, so a run is
 * reproducible. Returns floats in [0, 1), like `Math.random`.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
