/**
 * Sends due outbox actions, a few at once, and settles each: done, retried later with
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
  /**
   * How many actions are sent at once (default 4), so a system that is down (whose
   * actions keep retrying) never holds up actions for the others. Actions on the same
   * incident still go one at a time, oldest first.
   */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000 };

/** When to try again after failed attempt number `attempt` (1-based): the backoff, or later if the vendor asked. */
export function nextAttemptAt(now: number, attempt: number, backoff: BackoffOptions, random: () => number, vendorRetryAt?: number): number {
  const byBackoff = now + fullJitterBackoffMs(attempt - 1, random, backoff);
  return vendorRetryAt && vendorRetryAt > byBackoff ? vendorRetryAt : byBackoff;
}

export class OutboxRunner {
  private timer: NodeJS.Timeout | null = null;
  /** Actions being sent, by id. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Incidents an action in flight acts on: another action on them waits its turn. */
  private readonly busyIncidents = new Map<string, number>();
  private stopped = false;

  constructor(private readonly options: OutboxRunnerOptions) {}

  /** Starts sending whatever is due, up to the concurrency limit. */
  kick(): void {
    if (this.stopped) return;
    const limit = this.options.concurrency ?? DEFAULT_CONCURRENCY;
    while (this.inFlight.size < limit) {
      // Check `stopped` before claiming: a claim leases the row, and a stopped runner must not hold one.
      const claimed = this.stopped ? null : this.options.outbox.claimNextDue((request) => request.incidentIds.some((id) => this.busyIncidents.has(id)));
      if (!claimed) break;
      this.start(claimed);
    }
    this.scheduleNext();
  }

  /** Stops sending; waits for the actions in flight to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  /** Resolves when nothing is in flight (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  private start(claimed: ClaimedAction): void {
    const { id, incidentIds } = { id: claimed.record.id, incidentIds: claimed.record.request.incidentIds };
    for (const incidentId of incidentIds) this.busyIncidents.set(incidentId, (this.busyIncidents.get(incidentId) ?? 0) + 1);
    const sending = this.send(claimed).finally(() => {
      this.inFlight.delete(id);
      for (const incidentId of incidentIds) {
        const count = (this.busyIncidents.get(incidentId) ?? 1) - 1;
        if (count > 0) this.busyIncidents.set(incidentId, count);
        else this.busyIncidents.delete(incidentId);
      }
      this.kick();
    });
    this.inFlight.set(id, sending);
  }

  private async send(claimed: ClaimedAction): Promise<void> {
    const { outbox, clock, execute, onChange } = this.options;
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
