/**
 * Follows self-service pipeline runs until they end: every few seconds it reads each
 * unfinished run (requests dispatched or running, from the store, so runs left running
 * by an earlier process are picked up after a restart) and applies what it finds
 * (run-progress.ts). Runs started here are followed at once; a run another console
 * started is followed here too when its request has gone quiet for a while (that
 * console may be closed). A run that cannot be read now is tried again next round; a run the
 * pipeline no longer knows (404) ends its request as failed, with the reason.
 */
import { pipelineRefOf, type Catalogue } from '../../../shared/domain/catalogue';
import { isRunFinished } from '../../../shared/domain/pipeline';
import { pipelineProviderFor, type PipelineProviders } from '../ports/pipeline';
import { ProviderError, type Clock } from '../ports';
import { applyRun, type RunEnding } from './run-progress';
import type { StoredRequest } from './request-record';
import type { SpecialistRequestStore } from './request-store';
import { transition } from './request-steps';
import { errorText } from '../../../shared/error-text';

export interface RunPollerOptions {
  store: SpecialistRequestStore;
  catalogue: Catalogue;
  pipelines: PipelineProviders;
  clock: Clock;
  /** Between rounds; default 3 s. */
  intervalMs?: number;
  /** A run started on another console is followed here too once its request has not changed for this long (default 10 minutes). */
  takeOverAfterMs?: number;
  changed(request: StoredRequest, ending: RunEnding): void;
  log?(message: string): void;
}

export class RunPoller {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = true;
  private closed = false;

  constructor(private readonly options: RunPollerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round now (tests, and right after a dispatch lands). Resolves when it is done. */
  pollNow(): Promise<void> {
    this.round ??= this.pollAll().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.pollNow().finally(() => this.schedule(this.options.intervalMs ?? 3_000));
    }, delayMs);
    this.timer.unref?.();
  }

  private async pollAll(): Promise<void> {
    const { store } = this.options;
    for (const request of store.list({ states: ['dispatched', 'running'], limit: 1_000 })) {
      if (this.closed) return;
      await this.pollOne(request).catch((error: unknown) =>
        this.options.log?.(`Following the run of ${request.id} failed: ${errorText(error)}`),
      );
    }
  }

  private async pollOne(request: StoredRequest): Promise<void> {
    const latest = request.runs.at(-1);
    const last = latest?.run;
    if (!latest || !last || isRunFinished(last)) return;
    // A run started on another machine is followed there (its progress arrives on the ticket), unless that console went quiet.
    const quietFor = this.options.clock.now() - request.updatedAt;
    if (!latest.followedHere && quietFor < (this.options.takeOverAfterMs ?? 10 * 60_000)) return;
    const offering = this.options.catalogue.offerings.find((candidate) => candidate.id === request.offeringId);
    if (!offering?.pipeline) return;
    const ref = pipelineRefOf(offering.pipeline);
    let run;
    try {
      run = await pipelineProviderFor(this.options.pipelines, ref).getRun(ref, last.id);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'rejected' && error.status === 404) {
        const updated = this.options.store.update(request.id, (r) => {
          r.state = transition(r, 'run-failed');
          r.lastError = `The run ${last.id} is gone from ${last.provider}: ${error.message}`;
          r.updatedAt = this.options.clock.now();
          r.history.push({ at: r.updatedAt, actor: null, summary: r.lastError, state: r.state });
        });
        if (updated) this.options.changed(updated, 'failed');
        return;
      }
      throw error;
    }
    if (run.status === last.status && run.conclusion === last.conclusion && run.vendorStatus === last.vendorStatus) return;
    let ending: RunEnding = null;
    const updated = this.options.store.update(request.id, (r) => {
      ending = applyRun(r, run, this.options.clock.now());
      r.updatedAt = this.options.clock.now();
    });
    if (updated) this.options.changed(updated, ending);
  }
}
