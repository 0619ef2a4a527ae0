// The fixed one-minute rate-limit window per token, and the fault queue's count and path-prefix rules.
import { describe, expect, it } from 'vitest';
import { FaultQueue } from '../../../../electron/simulators/pagerduty/faults';
import { RateLimiter } from '../../../../electron/simulators/pagerduty/rate-limiter';

describe('RateLimiter', () => {
  it('allows the limit per token per minute and reports remaining and reset seconds', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect(limiter.take('a').headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-reset': '60' });
    limiter.take('a');
    expect(limiter.take('a').allowed).toBe(true);
    now += 10_500;
    const refused = limiter.take('a');
    expect(refused.allowed).toBe(false);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe('50');
    expect(limiter.take('b').allowed).toBe(true);
    now += 49_500;
    expect(limiter.take('a')).toMatchObject({ allowed: true, headers: { 'ratelimit-remaining': '2' } });
  });
});

describe('FaultQueue', () => {
  it('spends a fault one matching request at a time, in the order armed', () => {
    const queue = new FaultQueue();
    queue.inject({ kind: 'rate-limit', count: 2, path: '/incidents' });
    queue.inject({ kind: 'drop', count: 1 });
    expect(queue.take('/users/me')?.kind).toBe('drop');
    expect(queue.take('/incidents/Q1')?.kind).toBe('rate-limit');
    expect(queue.take('/log_entries')).toBeNull();
    expect(queue.take('/incidents')?.kind).toBe('rate-limit');
    expect(queue.take('/incidents')).toBeNull();
  });

  it('clears everything and refuses shapes it does not know', () => {
    const queue = new FaultQueue();
    queue.inject({ kind: 'malformed', count: 5 });
    queue.clear();
    expect(queue.take('/incidents')).toBeNull();
    expect(() => queue.inject({ kind: 'slow', count: 1, delayMs: -5 })).toThrow(/delayMs/);
    expect(() => queue.inject({ kind: 'drop', count: 1, path: 'incidents' })).toThrow(/path/);
  });
});
