/**
 * A polling loop with a connection's health: runs a round every interval, backs off after
 * failures (never sooner than the interval, never later than a short cap, so a system
 * that comes back is seen within seconds, whatever the outage's length; a vendor's own
 * retry time is honoured), reports ok / degraded / offline with the last success, the next
 * retry and what is wrong in words, and can poll at once on request. The paging sync, the
 * ticket sync and the shared record's sync are each a round plugged into one.
 *
 * Health does not wait for a round to give up: each round runs in a request context
 * (ports/request-context.ts) whose attempts the loop hears, so a rate limit
 * shows at once and errors or silence show as soon as the poll is late.
 *
 * The wait between good rounds is the interval, or what `cadence` says at the time (the
 * paging sync polls faster while someone is on call or looking); `reschedule` re-asks it
 * for the wait under way, so a viewer arriving speeds the next poll up at once.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import { clockTime, describeTrouble, troubleOf, type Trouble } from '../../shared/rules/connection-trouble';
import { fullJitterBackoffMs } from '../../shared/rules/backoff';
import { Cancelled, withRequestContext, type AttemptReport } from './ports/request-context';
import { ProviderError, type Clock } from './ports';

export interface PollLoopOptions {
  /** Provider id and name, for the status. */
  provider: { id: string; label: string };
  clock: Clock;
  pollIntervalMs: number;
  /** The wait after a good round, asked each time (default: pollIntervalMs); backoff after failures still starts from pollIntervalMs. */
  cadence?: () => number;
  /** Hears every attempt of every round (after the loop's own health tracking). */
  onAttempt?(attempt: AttemptReport): void;
  /** One poll; throws to report a failure. */
  round(): Promise<void>;
  onStatus(status: ConnectionStatus): void;
  onError?(error: unknown): void;
  /** Formats a time of day in messages (default: this machine's local time, 14:05:10). */
  clockTime?: (ms: number) => string;
}

/** After this many failed rounds in a row, a degraded connection counts as offline. */
const OFFLINE_AFTER_FAILURES = 3;
/** The longest wait between tries after failures (unless the vendor asks for longer). */
const MAX_RETRY_MS = 20_000;
/** A round counts as late after the poll interval, but never sooner than this (a full load of many pages takes a while). */
const MIN_LATE_MS = 3_000;
/** How often a running round is checked for lateness. */
const WATCH_EVERY_MS = 500;
/** Retries a single request makes on its own inside a round (the loop retries whole rounds). */
const REQUEST_RETRIES_IN_A_ROUND = 2;

export class PollLoop {
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();
  private currentStatus: ConnectionStatus;
  private readonly firstRound: Promise<void>;
  private settleFirstRound!: { resolve(): void; reject(error: unknown): void; done: boolean };
  /** What the attempts of the current streak of trouble showed, or null while all is well. */
  private trouble: Trouble | null = null;
  private roundStartedAt = 0;
  /** When the last good round ended, while the timer waits for the next regular poll (null while retrying or running). */
  private goodRoundEndedAt: number | null = null;
  /** The last time an attempt of the running round ended. */
  private lastAnswerAt = 0;
  lastSuccessAt: number | null = null;

  constructor(private readonly options: PollLoopOptions) {
    this.currentStatus = {
      provider: options.provider.id,
      label: options.provider.label,
      state: 'connecting',
      lastSuccessAt: null,
      nextRetryAt: null,
      message: null,
      failingSince: null,
    };
    this.firstRound = new Promise<void>((resolve, reject) => {
      this.settleFirstRound = { resolve, reject, done: false };
    });
    // The first round's outcome is also reported through status; avoid an unhandled rejection.
    this.firstRound.catch(() => undefined);
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Resolves after the first successful round; rejects with the first round's error. */
  ready(): Promise<void> {
    return this.firstRound;
  }

  start(): void {
    this.schedule(0);
  }

  /** Polls now instead of waiting for the timer (after an action lands, or on the user's request). */
  async pollNow(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.goodRoundEndedAt = null;
    this.runRound();
    await this.inFlight;
  }

  /**
   * Asks the cadence again for the wait under way after a good round: the next poll comes
   * that long after the last one ended (at once if that time has passed). A round running
   * or a retry after a failure is left alone.
   */
  reschedule(): void {
    if (this.stopped || this.goodRoundEndedAt === null || !this.timer) return;
    const dueAt = this.goodRoundEndedAt + this.intervalAfterGoodRound();
    this.schedule(Math.max(0, dueAt - this.options.clock.now()), this.goodRoundEndedAt);
  }

  /** Stops polling; a round in flight is cancelled (its requests aborted), so this returns at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.inFlight;
  }

  /** The longest wait between tries after failures: a few intervals, at most MAX_RETRY_MS, never less than the interval. */
  get retryCapMs(): number {
    return Math.max(this.options.pollIntervalMs, Math.min(MAX_RETRY_MS, 4 * this.options.pollIntervalMs));
  }

  private intervalAfterGoodRound(): number {
    return this.options.cadence?.() ?? this.options.pollIntervalMs;
  }

  /** `goodRoundEndedAt`: the wait follows a good round (reschedule may change it). */
  private schedule(delayMs: number, goodRoundEndedAt: number | null = null): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.goodRoundEndedAt = goodRoundEndedAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.goodRoundEndedAt = null;
      this.runRound();
    }, delayMs);
  }

  private runRound(): void {
    this.inFlight = this.guardedRound().finally(() => {
      this.inFlight = null;
    });
  }

  private async guardedRound(): Promise<void> {
    this.roundStartedAt = this.lastAnswerAt = this.options.clock.now();
    this.watchdog = setInterval(() => this.checkLate(), WATCH_EVERY_MS);
    this.watchdog.unref?.();
    try {
      await withRequestContext(
        {
          signal: this.stopping.signal,
          observe: (attempt) => this.hear(attempt),
          retry: { maxRetries: REQUEST_RETRIES_IN_A_ROUND, maxRetryWaitMs: this.retryCapMs },
        },
        () => this.options.round(),
      );
      if (this.stopped) return;
      this.succeeded();
      this.schedule(this.intervalAfterGoodRound(), this.options.clock.now());
    } catch (error) {
      if (this.stopped || error instanceof Cancelled) return;
      this.schedule(this.failed(error));
    } finally {
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
    }
  }

  /** Hears one attempt of the running round: keeps what went wrong, and says at once when the vendor asked us to wait past the next poll. */
  private observe(attempt: AttemptReport): void {
    this.lastAnswerAt = this.options.clock.now();
    const trouble = troubleOf(attempt, this.trouble);
    // A good answer: the vendor is answering again (a blip a retry got past is not news).
    this.trouble = trouble;
    if (!trouble) return;
    const now = this.options.clock.now();
    if (trouble.kind === 'rate-limited' && trouble.until !== null && trouble.until > now + this.options.pollIntervalMs) {
      this.showTrouble(trouble.until);
    }
  }

  private hear(attempt: AttemptReport): void {
    this.observe(attempt);
    this.options.onAttempt?.(attempt);
  }

  /** A round running past the time the next poll was due: say why (what its attempts met, or no answer at all). */
  private checkLate(): void {
    const now = this.options.clock.now();
    const lateAfter = Math.max(this.options.pollIntervalMs, MIN_LATE_MS);
    if (now - this.roundStartedAt < lateAfter) return;
    if (this.trouble) {
      this.showTrouble(null);
    } else if (now - this.lastAnswerAt >= lateAfter) {
      this.trouble = { kind: 'slow', since: this.lastAnswerAt, status: null, until: null, detail: null, where: null };
      this.showTrouble(null);
      this.trouble = null;
    }
  }

  private showTrouble(nextRetryAt: number | null): void {
    const trouble = this.trouble!;
    const now = this.options.clock.now();
    this.setStatus({
      state: this.currentStatus.state === 'offline' ? 'offline' : 'degraded',
      message: describeTrouble(this.options.provider.label, trouble, now, this.options.clockTime ?? clockTime),
      nextRetryAt: nextRetryAt === null ? this.currentStatus.nextRetryAt : new Date(nextRetryAt).toISOString(),
      failingSince: this.currentStatus.failingSince ?? new Date(trouble.since).toISOString(),
    });
  }

  private succeeded(): void {
    const now = this.options.clock.now();
    this.failures = 0;
    this.trouble = null;
    this.lastSuccessAt = now;
    this.setStatus({ state: 'ok', lastSuccessAt: new Date(now).toISOString(), nextRetryAt: null, message: null, failingSince: null });
    if (!this.settleFirstRound.done) {
      this.settleFirstRound.done = true;
      this.settleFirstRound.resolve();
    }
  }

  /** Records a failed round; returns how long to wait before the next one. */
  private failed(error: unknown): number {
    this.options.onError?.(error);
    this.failures += 1;
    const now = this.options.clock.now();
    const refused = error instanceof ProviderError && error.kind !== 'transient';
    const vendorRetryAt = error instanceof ProviderError ? error.retryAt : undefined;
    // Never sooner than the next regular poll, never later than the cap; the jittered wait grows with each failure in a row.
    const jittered = fullJitterBackoffMs(this.failures - 1, Math.random, { baseMs: this.options.pollIntervalMs, capMs: this.retryCapMs });
    const backoff = Math.max(this.options.pollIntervalMs, jittered);
    const retryInMs = Math.max(backoff, vendorRetryAt ? vendorRetryAt - now : 0);
    const trouble = refused ? null : this.trouble;
    const message = trouble
      ? describeTrouble(this.options.provider.label, trouble, now, this.options.clockTime ?? clockTime)
      : error instanceof Error
        ? error.message
        : String(error);
    this.setStatus({
      state: refused || this.failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'degraded',
      nextRetryAt: new Date(now + retryInMs).toISOString(),
      message,
      failingSince: this.currentStatus.failingSince ?? new Date(trouble?.since ?? this.roundStartedAt).toISOString(),
    });
    if (!this.settleFirstRound.done) {
      this.settleFirstRound.done = true;
      this.settleFirstRound.reject(error);
    }
    return retryInMs;
  }

  private setStatus(change: Partial<ConnectionStatus>): void {
    const next = { ...this.currentStatus, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.currentStatus)) return;
    this.currentStatus = next;
    this.options.onStatus(next);
  }
}
