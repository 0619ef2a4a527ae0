/** The one retry loop the provider clients share: when it tries again, how long it waits, and how it gives up. */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { retryWaitMs, withRetries, type RetryPolicy } from '../../../../electron/providers/http/retry-loop';
import { RetryableFailure } from '../../../../electron/providers/http/retryable-failure';
import { Cancelled, withRequestContext } from '../../../../electron/engine/ports/request-context';

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    maxRetries: 3,
    idempotent: true,
    random: () => 0.5,
    now: () => 1_000_000,
    sleep: async (ms) => void waits.push(ms),
    backoff: { baseMs: 100, capMs: 1_000 },
    giveUp: (failure, tries) => `${failure.message} after ${tries}`,
    waits,
    ...overrides,
  };
}

/** An attempt that fails with these, then answers "ok". */
function failing(...failures: Error[]): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'ok';
    },
    calls: () => calls,
  };
}

const flaky = (hintMs: number | null = null, notProcessed = false) => new RetryableFailure('HTTP 503', 503, hintMs, notProcessed);

describe('withRetries', () => {
  it('tries an idempotent request again after transient failures, waiting with jittered backoff', async () => {
    const retry = policy();
    const { attempt, calls } = failing(flaky(), flaky());
    await expect(withRetries(attempt, retry)).resolves.toBe('ok');
    expect(calls()).toBe(3);
    expect(retry.waits).toEqual([50, 100]);
  });

  it('waits at least what the server hinted, and tells beforeWait', async () => {
    const told: number[] = [];
    const retry = policy({ maxRetryWaitMs: 5_000, beforeWait: (waitMs) => void told.push(waitMs) });
    await withRetries(failing(flaky(2_000), flaky(4_000)).attempt, retry);
    expect(retry.waits).toEqual([2_000, 4_000]);
    expect(told).toEqual(retry.waits);
  });

  it('gives up at once, with the time to come back, when the server asks for a longer wait than maxRetryWaitMs', async () => {
    const retry = policy({ maxRetryWaitMs: 5_000 });
    const { attempt, calls } = failing(flaky(60_000, true));
    const error = (await withRetries(attempt, retry).catch((caught: unknown) => caught)) as ProviderError;
    expect(calls()).toBe(1);
    expect(retry.waits).toEqual([]);
    expect(error).toMatchObject({ kind: 'transient', retryAt: 1_060_000 });
  });

  it('takes the tighter limits of the request context, and a cancelled context stops the wait', async () => {
    const retry = policy({ maxRetries: 5, sleep: () => new Promise((resolve) => setTimeout(resolve, 5_000)) });
    const limited = failing(flaky(), flaky(), flaky());
    const error = await withRequestContext({ retry: { maxRetries: 1 } }, () =>
      withRetries(limited.attempt, { ...retry, sleep: async () => {} }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(limited.calls()).toBe(2);

    const controller = new AbortController();
    const waiting = withRequestContext({ signal: controller.signal }, () => withRetries(failing(flaky()).attempt, retry));
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toBeInstanceOf(Cancelled);
  });

  it('sends a non-idempotent request again only when the server certainly did not act on it (429)', async () => {
    const retry = policy({ idempotent: false });
    await expect(withRetries(failing(flaky(null, true)).attempt, retry)).resolves.toBe('ok');
    const unclear = failing(flaky());
    const error = await withRetries(unclear.attempt, retry).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(unclear.calls()).toBe(1);
  });

  it('gives up after maxRetries with a transient error that says so and carries the hint as the time to come back', async () => {
    const retry = policy({ maxRetries: 2 });
    const { attempt, calls } = failing(flaky(), flaky(), flaky(30_000));
    const error = (await withRetries(attempt, retry).catch((caught: unknown) => caught)) as ProviderError;
    expect(calls()).toBe(3);
    expect(error).toMatchObject({ kind: 'transient', message: 'HTTP 503 after 3', status: 503, retryAt: 1_030_000 });
  });

  it('lets any other error through at once', async () => {
    const refused = new ProviderError('rejected', 'no such workflow', 404);
    const { attempt, calls } = failing(refused);
    await expect(withRetries(attempt, policy())).rejects.toBe(refused);
    expect(calls()).toBe(1);
  });
});

describe('retryWaitMs', () => {
  it('uses the default backoff and a 60 s ceiling when none is given', () => {
    expect(retryWaitMs(0, null, { random: () => 0.999 })).toBe(499);
    expect(retryWaitMs(0, 600_000, { random: () => 0 })).toBe(60_000);
  });
});
