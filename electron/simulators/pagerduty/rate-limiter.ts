/**
 * PagerDuty's REST rate limit: a fixed one-minute window per token, reported on every
 * response as ratelimit-limit / ratelimit-remaining / ratelimit-reset (seconds).
 */
import { FixedWindowCounter, type RateWindow } from '../http/fixed-window';

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly counter: FixedWindowCounter;

  constructor(
    readonly limitPerMinute: number,
    private readonly now: () => number,
  ) {
    this.counter = new FixedWindowCounter(limitPerMinute, WINDOW_MS);
  }

  /** Counts one request for the token (unless it is refused) and says whether it may go on. */
  take(token: string): RateLimitVerdict {
    const now = this.now();
    const { allowed, window } = this.counter.take(token, now);
    return { allowed, headers: this.headersFor(window, now) };
  }

  /** Headers for a response that does not count against the limit (e.g. an injected 429). */
  peek(token: string): Record<string, string> {
    const now = this.now();
    return this.headersFor(this.counter.currentWindow(token, now), now);
  }

  private headersFor(window: RateWindow, now: number): Record<string, string> {
    return {
      'ratelimit-limit': String(this.limitPerMinute),
      'ratelimit-remaining': String(Math.max(0, this.limitPerMinute - window.count)),
      'ratelimit-reset': String(Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000))),
    };
  }
}
