/** Reproducible randomness for the scenarios: the seeded PRNG and offsets spread over a cycle. */
import { describe, expect, it } from 'vitest';
import { seededRandom, stratifiedOffsets } from '../../../bench/sampling';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('stays in [0, 1)', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1_000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('stratifiedOffsets', () => {
  it('puts exactly one offset in each equal slice of the cycle', () => {
    const offsets = stratifiedOffsets(20, 5_000, seededRandom(3));
    expect(offsets).toHaveLength(20);
    const slices = offsets.map((offset) => Math.floor(offset / 250)).sort((a, b) => a - b);
    expect(slices).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('shuffles them, so the order does not sweep the cycle', () => {
    const offsets = stratifiedOffsets(20, 5_000, seededRandom(3));
    expect(offsets).not.toEqual([...offsets].sort((a, b) => a - b));
  });

  it('keeps a median near the middle of the cycle even when the PRNG runs low', () => {
    const low = () => 0.01;
    const offsets = stratifiedOffsets(4, 1_000, low).sort((a, b) => a - b);
    [2.5, 252.5, 502.5, 752.5].forEach((expected, i) => expect(offsets[i]).toBeCloseTo(expected, 9));
  });

  it('refuses a count or cycle that makes no sense', () => {
    expect(() => stratifiedOffsets(0, 5_000, Math.random)).toThrow(/count/);
    expect(() => stratifiedOffsets(3, 0, Math.random)).toThrow(/cycleMs/);
  });
});
