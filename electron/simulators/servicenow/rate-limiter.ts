/**
 * ServiceNow's inbound REST rate limiting: a count per user per hour. Requests that
 * match a rule carry X-RateLimit-Limit, X-RateLimit-Reset (Unix time of the next reset)
 * and X-RateLimit-Rule; a refused one also gets Retry-After (seconds).
 */
import { createHash } from 'node:crypto';

const WINDOW_MS = 60 * 60 * 1000;
/** The sys_id of the simulator's single rate limit rule. */
export const RATE_LIMIT_RULE_ID = createHash('md5').update('oncall-console-demo:rate-limit-rule').digest('hex');

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class HourlyRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limitPerHour: number,
    private readonly now: () => number,
  ) {}

  take(userName: string): RateLimitVerdict {
    const now = this.now();
    let window = this.windows.get(userName);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(userName, window);
    }
    const allowed = window.count < this.limitPerHour;
    if (allowed) window.count += 1;
    const headers = this.headersFor(window);
    if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)));
    return { allowed, headers };
  }

  /** The headers of a refusal that does not count (an injected 429): Retry-After of `seconds`. */
  refusalHeaders(userName: string, seconds: number): Record<string, string> {
    const window = this.windows.get(userName) ?? { start: this.now(), count: 0 };
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
