/**
 * ServiceNow's inbound REST rate limiting: a count per user per hour. Requests that
 * match a rule carry X-RateLimit-Limit, X-RateLimit-Reset (Unix time of the next reset)
 * and X-RateLimit-Rule; a refused one also gets Retry-After (seconds).
 */
import { createHash } from 'node:crypto';
import { FixedWindowCounter } from '../http/fixed-window';

const WINDOW_MS = 60 * 60 * 1000;
/** The sys_id of the simulator's single rate limit rule. */
const RATE_LIMIT_RULE_ID = createHash('md5').update('oncall-console-demo:rate-limit-rule').digest('hex');

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class HourlyRateLimiter {
  private readonly counter: FixedWindowCounter;

  constructor(
    readonly limitPerHour: number,
    private readonly now: () => number,
  ) {
    this.counter = new FixedWindowCounter(limitPerHour, WINDOW_MS);
  }

  take(userName: string): RateLimitVerdict {
    const now = this.now();
    const { allowed, window } = this.counter.take(userName, now);
    const headers = this.headersFor(window);
    if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)));
    return { allowed, headers };
  }

  /** The headers of a refusal that does not count (an injected 429): Retry-After of `seconds`. */
  refusalHeaders(userName: string, seconds: number): Record<string, string> {
    const window = this.counter.lastWindow(userName) ?? { start: this.now(), count: 0 };
    return { ...this.headersFor(window), 'Retry-After': String(seconds) };
  }

  private headersFor(window: { start: number }): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(this.limitPerHour),
      'X-RateLimit-Reset': String(Math.ceil((window.start + WINDOW_MS) / 1000)),
      'X-RateLimit-Rule': RATE_LIMIT_RULE_ID,
    };
  }
}
