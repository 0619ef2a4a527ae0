/**
 * A polling loop with a connection's health: runs a round every interval, backs off after
 * failures (never sooner than the interval, honouring the vendor's retry time), reports
 * ok / degraded / offline with the last success and the next retry, and can poll at once
 * on request. The paging sync and the ticket sync are each a round plugged into one.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import { fullJitterBackoffMs } from '../providers/http/backoff';
import { ProviderError, type Clock } from './ports';

export interface PollLoopOptions {
  /** Provider id and name, for the status. */
  provider: { id: string; label: string };
  clock: Clock;
  pollIntervalMs: number;
  /** One poll; throws to report a failure. */
  round(): Promise<void>;
  onStatus(status: ConnectionStatus): void;
  onError?(error: unknown): void;
}

/** After this many failed rounds in a row, a degraded connection counts as offline. */
const OFFLINE_AFTER_FAILURES = 3;
const MAX_RETRY_MS = 5 * 60_000;

export class PollLoop {
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private currentStatus: ConnectionStatus;
  private readonly firstRound: Promise<void>;
  private settleFirstRound!: { resolve(): void; reject(error: unknown): void; done: boolean };
  lastSuccessAt: number | null = null;

  constructor(private readonly options: PollLoopOptions) {
    this.currentStatus = {
      provider: options.provider.id,
      label: options.provider.label,
      state: 'connecting',
      lastSuccessAt: null,
      nextRetryAt: null,
      message: null,
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
    this.runRound();
    await this.inFlight;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runRound();
    }, delayMs);
  }

  private runRound(): void {
    this.inFlight = this.guardedRound().finally(() => {
      this.inFlight = null;
    });
  }

  private async guardedRound(): Promise<void> {
    try {
      await this.options.round();
      if (this.stopped) return;
      this.succeeded();
      this.schedule(this.options.pollIntervalMs);
    } catch (error) {
      if (this.stopped) return;
      this.schedule(this.failed(error));
    }
  }

  private succeeded(): void {
    const now = this.options.clock.now();
    this.failures = 0;
    this.lastSuccessAt = now;
    this.setStatus({ state: 'ok', lastSuccessAt: new Date(now).toISOString(), nextRetryAt: null, message: null });
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
    // Never sooner than the next regular poll; the jittered wait grows with each failure in a row.
    const jittered = fullJitterBackoffMs(this.failures - 1, Math.random, { baseMs: this.options.pollIntervalMs, capMs: MAX_RETRY_MS });
    const backoff = Math.max(this.options.pollIntervalMs, jittered);
    const retryInMs = Math.max(backoff, vendorRetryAt ? vendorRetryAt - now : 0);
    const message = error instanceof Error ? error.message : String(error);
    this.setStatus({
      state: refused || this.failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'degraded',
      nextRetryAt: new Date(now + retryInMs).toISOString(),
      message,
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
