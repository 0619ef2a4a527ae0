/**
 * Reproducible randomness for the scenarios: a small seeded PRNG, and offsets spread
 * evenly (but randomly) over a cycle, so a handful of samples still covers all of it.
 */

/** A small seeded PRNG (mulberry32): the same offsets from run to run. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Offsets spread over the whole cycle: one at a random point in each of `count` equal
 * slices, in shuffled order. With 20 samples, plain random offsets can easily bunch up in
 * one part of the cycle and skew the median; these cannot.
 */
export function stratifiedOffsets(count: number, cycleMs: number, random: () => number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`stratifiedOffsets: count must be a positive whole number, got ${count}`);
  if (!(cycleMs > 0)) throw new Error(`stratifiedOffsets: cycleMs must be positive, got ${cycleMs}`);
  const offsets = Array.from({ length: count }, (_, slice) => ((slice + random()) / count) * cycleMs);
  for (let i = offsets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [offsets[i], offsets[j]] = [offsets[j]!, offsets[i]!];
  }
  return offsets;
}
