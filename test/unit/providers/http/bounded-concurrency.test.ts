import { describe, expect, it } from 'vitest';
import { chunk, mapWithConcurrency } from '../../../../electron/providers/http/bounded-concurrency';

describe('mapWithConcurrency', () => {
  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 23 }, (_, index) => index);
    const results = await mapWithConcurrency(items, 4, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      inFlight--;
      return item * 2;
    });
    expect(peak).toBe(4);
    expect(results).toEqual(items.map((item) => item * 2));
  });

  it('rejects on the first failure and starts no new work after it', async () => {
    const started: number[] = [];
    await expect(
      mapWithConcurrency([0, 1, 2, 3, 4, 5], 1, async (item) => {
        started.push(item);
        if (item === 2) throw new Error('boom');
        return item;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2]);
  });

  it('refuses a limit below 1', async () => {
    await expect(mapWithConcurrency([1], 0, async (x) => x)).rejects.toThrow(/positive integer/);
  });
});

describe('chunk', () => {
  it('splits into chunks of at most the given size', () => {
    const ids = Array.from({ length: 601 }, (_, index) => `P${index}`);
    const chunks = chunk(ids, 250);
    expect(chunks.map((c) => c.length)).toEqual([250, 250, 101]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunk([], 250)).toEqual([]);
  });
});
