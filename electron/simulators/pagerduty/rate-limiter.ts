/**
 * PagerDuty's REST rate limit: a fixed one-minute window per token, reported on every
 * response as ratelimit-limit / ratelimit-remaining / ratelimit-reset (seconds).
 */

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limitPerMinute: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request for the token (unless it is refused) and says whether it may go on. */
  take(token: string): RateLimitVerdict {
    const now = this.now();
    let window = this.windows.get(token);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(token, window);
    }
    const allowed = window.count < this.limitPerMinute;
    if (allowed) window.count += 1;
    return { allowed, headers: this.headersFor(window, now) };
  }

  /** Headers for a response that does not count against the limit (e.g. an injected 429). */
  peek(token: string): Record<string, string> {
    const now = this.now();
    const window = this.windows.get(token);
    if (!window || now - window.start >= WINDOW_MS) return this.headersFor({ start: now, count: 0 }, now);
    return this.headersFor(window, now);
  }

  private headersFor(window: { start: number; count: number }, now: number): Record<string, string> {
    return {
      'ratelimit-limit': String(this.limitPerMinute),
      'ratelimit-remaining': String(Math.max(0, this.limitPerMinute - window.count)),
      'ratelimit-reset': String(Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000))),
    };
  }
}
