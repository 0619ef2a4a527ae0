/** The benchmark's statistics: median, nearest-rank percentiles and summaries. */
import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from '../../../bench/stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the input order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list and non-finite samples, saying why', () => {
    expect(() => median([])).toThrow(/at least one sample/);
    expect(() => median([1, Number.NaN])).toThrow(/finite number/);
  });
});

describe('percentile (nearest rank)', () => {
  const twenty = Array.from({ length: 20 }, (_, index) => 20 - index); // 20..1, unsorted on purpose

  it('gives the 19th of 20 samples as p95, an observed value', () => {
    expect(percentile(twenty, 95)).toBe(19);
  });

  it('gives the largest sample as p100 and the smallest for a tiny p', () => {
    expect(percentile(twenty, 100)).toBe(20);
    expect(percentile(twenty, 0.1)).toBe(1);
  });

  it('gives the only sample for any p when there is one', () => {
    expect(percentile([42], 95)).toBe(42);
  });

  it('rounds the rank up: p95 of 5 samples is the largest', () => {
    expect(percentile([10, 20, 30, 40, 50], 95)).toBe(50);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
  });

  it('refuses p outside (0, 100]', () => {
    expect(() => percentile([1, 2], 0)).toThrow(/p must be in/);
    expect(() => percentile([1, 2], 101)).toThrow(/p must be in/);
  });
});

describe('summarize', () => {
  it('reports count, extremes, mean, median and p95 together', () => {
    expect(summarize([5, 1, 3, 100])).toEqual({ n: 4, min: 1, max: 100, mean: 27.25, median: 4, p95: 100 });
  });
});
