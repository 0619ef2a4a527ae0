/**
 * Sends due outbox actions, a few at once, and settles each: done, retried later with
 * backoff (transient failures: the vendor is down, slow or rate-limiting us), or failed
 * (the vendor refused the request or our credentials; a person has to act).
 *
 * Each send runs in its own request context (ports/request-context.ts), so it
 * can be stopped mid-flight: dismissing the action cancels it, and stopping the runner
 * cancels every send and gives the unsent actions back to the outbox for the next start.
 * While sends last, their leases are renewed, so another process never takes them over.
 */
import type { ActionRecord } from '../../shared/domain/action';
import { fullJitterBackoffMs, type BackoffOptions } from '../../shared/rules/backoff';
import { Cancelled, withRequestContext } from './ports/request-context';
import type { ClaimedAction, Outbox } from './outbox';
import { ProviderError, type Clock } from './ports';
import { errorText } from '../../shared/error-text';

export interface OutboxRunnerOptions {
  outbox: Outbox;
  clock: Clock;
  execute(claimed: ClaimedAction): Promise<void>;
  /** Called whenever an action's record changes (claimed, settled). */
  onChange(record: ActionRecord): void;
  /** Retry delays (full jitter); default up to 1 s for the first retry, doubling to 60 s. */
  backoff?: BackoffOptions;
  random?: () => number;
  /**
   * How many actions are sent at once (default 4), so a system that is down (whose
   * actions keep retrying) never holds up actions for the others. Actions on the same
   * incident still go in order (the outbox's lanes).
   */
  concurrency?: number;
}

/** An action's ticket half must wait for an earlier action on the same incident (see Outbox). */
export class WaitingForEarlierAction extends Error {}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000 };
/** Even with nothing due, look again this often (an action another process settled may free one of ours). */
const IDLE_RECHECK_MS = 30_000;

/** When to try again after failed attempt number `attempt` (1-based): the backoff, or later if the vendor asked. */
export function nextAttemptAt(now: number, attempt: number, backoff: BackoffOptions, random: () => number, vendorRetryAt?: number): number {
  const byBackoff = now + fullJitterBackoffMs(attempt - 1, random, backoff);
  return vendorRetryAt && vendorRetryAt > byBackoff ? vendorRetryAt : byBackoff;
}

type StopReason = 'dismissed' | 'stopping' | 'lease-lost';

interface Sending {
  done: Promise<void>;
  controller: AbortController;
  reason: StopReason | null;
}

export class OutboxRunner {
  private timer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  /** Actions being sent, by id. */
  private readonly inFlight = new Map<string, Sending>();
  private stopped = false;

  constructor(private readonly options: OutboxRunnerOptions) {}

  /** Starts sending whatever is due, up to the concurrency limit. */
  kick(): void {
    if (this.stopped) return;
    const limit = this.options.concurrency ?? DEFAULT_CONCURRENCY;
    while (this.inFlight.size < limit) {
      // Check `stopped` before claiming: a claim leases the row, and a stopped runner must not hold one.
      const claimed = this.stopped ? null : this.options.outbox.claimNextDue();
      if (!claimed) break;
      this.start(claimed);
    }
    this.scheduleNext();
  }

  /** True while this runner is sending the action. */
  isSending(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Stops sending one action (the user dismissed it); resolves once it has settled as cancelled. */
  async cancel(id: string): Promise<void> {
    const sending = this.inFlight.get(id);
    if (!sending) return;
    sending.reason ??= 'dismissed';
    sending.controller.abort();
    await sending.done;
  }

  /** Stops sending: cancels what is in flight (it stays in the outbox, due at the next start) and waits for it to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const sending of this.inFlight.values()) {
      sending.reason ??= 'stopping';
      sending.controller.abort();
    }
    await this.idle();
  }

  /** Resolves when nothing is in flight (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((sending) => sending.done));
  }

  private start(claimed: ClaimedAction): void {
    const { id } = claimed.record;
    const sending: Sending = { controller: new AbortController(), reason: null, done: Promise.resolve() };
    sending.done = withRequestContext({ signal: sending.controller.signal }, () => this.send(claimed, sending)).finally(() => {
      this.inFlight.delete(id);
      if (this.inFlight.size === 0) this.stopRenewingLeases();
      this.kick();
    });
    this.inFlight.set(id, sending);
    this.renewLeasesWhileSending();
  }

  private async send(claimed: ClaimedAction, sending: Sending): Promise<void> {
    const { outbox, clock, execute, onChange } = this.options;
    onChange(claimed.record);
    const { id, attempts } = claimed.record;
    try {
      await execute(claimed);
      onChange(outbox.markDone(id));
    } catch (error) {
      const message = errorText(error);
      if (error instanceof Cancelled || sending.reason !== null) {
        onChange(this.settleCancelled(id, sending.reason ?? 'stopping'));
      } else if (error instanceof WaitingForEarlierAction) {
        // Held back by the outbox's lanes until the earlier action settles, then due at once.
        onChange(outbox.markRetry(id, message, clock.now()));
      } else if (error instanceof ProviderError && error.kind === 'transient') {
        const retryAt = nextAttemptAt(
          clock.now(),
          attempts,
          this.options.backoff ?? DEFAULT_BACKOFF,
          this.options.random ?? Math.random,
          error.retryAt,
        );
        onChange(outbox.markRetry(id, message, retryAt));
      } else {
        onChange(outbox.markFailed(id, message));
      }
    }
  }

  private settleCancelled(id: string, reason: StopReason): ActionRecord {
    const { outbox } = this.options;
    // Another process holds the row now: it is its to settle; leave the record as it is.
    if (reason === 'lease-lost') return outbox.get(id)!;
    if (reason === 'stopping') return outbox.release(id);
    return outbox.markFailed(id, 'Cancelled while it was being sent: the steps that had already landed stay done, the rest were not sent');
  }

  /** While anything is in flight, renews its leases a few times per lease; a send whose lease another process took is stopped. */
  private renewLeasesWhileSending(): void {
    if (this.leaseTimer) return;
    const everyMs = Math.max(50, Math.floor(this.options.outbox.leaseMs / 3));
    this.leaseTimer = setInterval(() => {
      const lost = this.options.outbox.renewLeases([...this.inFlight.keys()]);
      for (const id of lost) {
        const sending = this.inFlight.get(id);
        if (!sending) continue;
        sending.reason ??= 'lease-lost';
        sending.controller.abort();
      }
    }, everyMs);
    this.leaseTimer.unref?.();
  }

  private stopRenewingLeases(): void {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.options.outbox.nextDueAt();
    if (due === null) return;
    const delay = Math.max(0, Math.min(due - this.options.clock.now(), IDLE_RECHECK_MS));
    this.timer = setTimeout(() => this.kick(), delay);
    this.timer.unref?.();
  }
}
