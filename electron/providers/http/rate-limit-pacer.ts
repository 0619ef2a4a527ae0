/**
 * Paces requests by the rate-limit headers a vendor sends on every response
 * (`ratelimit-remaining`, `ratelimit-reset`), so a client slows down before it runs out
 * of budget instead of hitting a wall of 429s.
 *
 * While plenty remains, no delay. Once `remaining` drops to `reserve` or below, the
 * remaining budget is spread evenly over the time left in the window; at zero, requests
 * wait for the window to reset.
 */

export interface RateLimitPacerOptions {
  /** Start pacing when this many requests or fewer remain in the window. */
  reserve: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RateLimitPacer {
  private remaining: number | null = null;
  private resetAt = 0;
  /** When the next paced request may start (requests queue up behind each other). */
  private nextSlotAt = 0;

  constructor(private readonly options: RateLimitPacerOptions) {}

  /**
   * Records what a response said about the budget. Ignores responses without the headers.
   *
   * Within one window the lower count wins: a response that left the server before our
   * latest requests reports a budget those requests have already spent.
   */
  observe(headers: Headers): void {
    const remaining = parseNonNegative(headers.get('ratelimit-remaining'));
    const resetSeconds = parseNonNegative(headers.get('ratelimit-reset'));
    if (remaining === null) return;
    const now = this.options.now();
    const resetAt = now + (resetSeconds ?? 60) * 1000;
    // ratelimit-reset has whole-second precision: a reset within ~1.5 s of the known one is the same window.
    const sameWindow = this.remaining !== null && now < this.resetAt && Math.abs(resetAt - this.resetAt) <= 1_500;
    this.remaining = sameWindow ? Math.min(this.remaining!, remaining) : remaining;
    this.resetAt = sameWindow ? Math.min(this.resetAt, resetAt) : resetAt;
  }

  /** Blocks the budget until `at` (ms since the epoch), e.g. after a 429 with a reset hint. */
  blockUntil(at: number): void {
    this.nextSlotAt = Math.max(this.nextSlotAt, at);
  }

  /** How long the next request should wait, in ms; reserves its slot (and spends one of the budget). */
  reserveDelayMs(): number {
    const now = this.options.now();
    let start = Math.max(now, this.nextSlotAt);
    if (this.remaining !== null && now < this.resetAt) {
      if (this.remaining <= 0) {
        start = Math.max(start, this.resetAt);
        this.nextSlotAt = start;
      } else {
        if (this.remaining <= this.options.reserve) {
          this.nextSlotAt = start + Math.max(0, this.resetAt - start) / (this.remaining + 1);
        }
        this.remaining -= 1;
      }
    }
    return start - now;
  }

  /** Waits as long as reserveDelayMs says. */
  async pace(): Promise<void> {
    const delay = this.reserveDelayMs();
    if (delay > 0) await this.options.sleep(delay);
  }
}

function parseNonNegative(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}
