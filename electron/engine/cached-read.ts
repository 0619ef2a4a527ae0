/**
 * A read that changes rarely (the directory, who is on call), kept for a while so the UI
 * can ask as often as it likes: one vendor call per time-to-live, callers that ask while a
 * call is in flight share it, and a failed call is not kept (the next caller asks again).
 */
import type { Clock } from './ports';

export class CachedRead<T> {
  private value: { data: T; at: number } | null = null;
  private inFlight: Promise<T> | null = null;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  get(): Promise<T> {
    if (this.value && this.clock.now() - this.value.at < this.ttlMs) return Promise.resolve(this.value.data);
    if (!this.inFlight) {
      const startedAt = this.clock.now();
      this.inFlight = this.load()
        .then((data) => {
          this.value = { data, at: startedAt };
          return data;
        })
        .finally(() => {
          this.inFlight = null;
        });
    }
    return this.inFlight;
  }

  /** The kept value while it is fresh, else undefined; never loads (for a reader that can do without it). */
  peek(): T | undefined {
    return this.value && this.clock.now() - this.value.at < this.ttlMs ? this.value.data : undefined;
  }

  /** The kept value and when its read started, while it is at most `maxAgeMs` old (it may be past the time-to-live); never loads. */
  peekRead(maxAgeMs: number): { data: T; at: number } | undefined {
    return this.value && this.clock.now() - this.value.at <= maxAgeMs ? this.value : undefined;
  }

  /** Forgets the kept value; the next get() loads again. */
  invalidate(): void {
    this.value = null;
  }
}
