/**
 * Sends due outbox actions one at a time and settles each: done, retried later with
 * backoff (transient failures: the vendor is down, slow or rate-limiting us), or failed
 * (the vendor refused the request or our credentials; a person has to act).
 */
import type { ActionRecord } from '../../shared/domain/action';
import { fullJitterBackoffMs, type BackoffOptions } from '../providers/http/backoff';
import type { ClaimedAction, Outbox } from './outbox';
import { ProviderError, type Clock } from './ports';

export interface OutboxRunnerOptions {
  outbox: Outbox;
  clock: Clock;
  execute(claimed: ClaimedAction): Promise<void>;
  /** Called whenever an action's record changes (claimed, settled). */
  onChange(record: ActionRecord): void;
  /** Retry delays (full jitter); default up to 1 s for the first retry, doubling to 60 s. */
  backoff?: BackoffOptions;
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000 };

/** When to try again after failed attempt number `attempt` (1-based): the backoff, or later if the vendor asked. */
export function nextAttemptAt(now: number, attempt: number, backoff: BackoffOptions, random: () => number, vendorRetryAt?: number): number {
  const byBackoff = now + fullJitterBackoffMs(attempt - 1, random, backoff);
  return vendorRetryAt && vendorRetryAt > byBackoff ? vendorRetryAt : byBackoff;
}

export class OutboxRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: OutboxRunnerOptions) {}

  /** Sends whatever is due now (or as soon as the current round ends). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleNext();
      }
    });
  }

  /** Stops sending; waits for the action in flight to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when no round is in flight (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const { outbox, clock, execute, onChange } = this.options;
    // Check `stopped` before claiming: a claim leases the row, and a stopped runner must not hold one.
    for (let claimed = this.claimUnlessStopped(); claimed; claimed = this.claimUnlessStopped()) {
      onChange(claimed.record);
      const { id, attempts } = claimed.record;
      try {
        await execute(claimed);
        onChange(outbox.markDone(id));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ProviderError && error.kind === 'transient') {
          const retryAt = nextAttemptAt(clock.now(), attempts, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random ?? Math.random, error.retryAt);
          onChange(outbox.markRetry(id, message, retryAt));
        } else {
          onChange(outbox.markFailed(id, message));
        }
      }
    }
  }

  private claimUnlessStopped(): ClaimedAction | null {
    return this.stopped ? null : this.options.outbox.claimNextDue();
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.options.outbox.nextDueAt();
    if (due === null) return;
    const delay = Math.max(0, Math.min(due - this.options.clock.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.kick(), delay);
    this.timer.unref?.();
  }
}
