/**
 * A fixed-window request counter per key (token, user): the window opens at a key's first
 * request and lasts `windowMs`. Each simulator turns a verdict into its vendor's headers.
 */

export interface RateWindow {
  start: number;
  count: number;
}

export class FixedWindowCounter {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one request for the key at `now` (unless refused) and says whether it may go on. */
  take(key: string, now: number): { allowed: boolean; window: RateWindow } {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < this.limit;
    if (allowed) window.count += 1;
    return { allowed, window };
  }

  /** The key's last window, expired or not. */
  lastWindow(key: string): RateWindow | undefined {
    return this.windows.get(key);
  }

  /** The key's window at `now`, or a fresh one (not stored) when it has none or it expired. */
  currentWindow(key: string, now: number): RateWindow {
    const window = this.windows.get(key);
    return !window || now - window.start >= this.windowMs ? { start: now, count: 0 } : window;
  }
}
