/**
 * The benchmark's statistics, as pure functions: median, nearest-rank percentiles and a
 * summary of a list of samples. Nearest-rank means every percentile reported is a value
 * that was actually observed (the p95 of 20 samples is the 19th smallest), which keeps a
 * small sample from inventing a figure between two runs.
 */

export interface Summary {
  /** How many samples the summary is made of. */
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p95: number;
}

function assertSamples(samples: readonly number[], what: string): void {
  if (samples.length === 0) throw new Error(`${what}: needs at least one sample, got none`);
  const bad = samples.find((sample) => !Number.isFinite(sample));
  if (bad !== undefined) throw new Error(`${what}: every sample must be a finite number, got ${bad}`);
}

function sortedCopy(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** The middle value (the mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  assertSamples(samples, 'median');
  const sorted = sortedCopy(samples);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The nearest-rank percentile: the smallest sample such that at least `p` percent of the
 * samples are less than or equal to it. `p` is in (0, 100].
 */
export function percentile(samples: readonly number[], p: number): number {
  assertSamples(samples, 'percentile');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  const sorted = sortedCopy(samples);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  assertSamples(samples, 'summarize');
  const sorted = sortedCopy(samples);
  return {
    n: sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, sample) => sum + sample, 0) / sorted.length,
    median: median(sorted),
    p95: percentile(sorted, 95),
  };
}
