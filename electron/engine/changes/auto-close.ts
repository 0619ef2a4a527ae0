/**
 * Closes what a pipeline left open: a change raised for a deployment whose pipeline run
 * has completed, but which the pipeline never closed (it crashed, was cancelled, or has no
 * `change close` step), is closed with the run's result by the automation host. Each round
 * reads the changes updated within a lookback window, keeps the approved ones still open
 * (Scheduled, Implement, Review) that name a run a configured pipeline knows, reads each
 * run, and records one closeChange action per change whose run has ended (success:
 * successful; failure, cancelled, timed out: unsuccessful), once per change (its dedupe
 * key). The outbox sends it (the engine's change executor). A GitHub deployment the change
 * names instead is read by its latest status (run-locator.ts). A run still going, or a URL no
 * pipeline knows, leaves its change alone; a run that cannot be read now is tried next round.
 */
import type { ActionRequest } from '../../../shared/domain/action';
import type { ChangeRequest, ChangeState } from '../../../shared/domain/change';
import { isRunFinished } from '../../../shared/domain/pipeline';
import { errorText } from '../../../shared/error-text';
import type { Clock } from '../ports';
import type { ChangeSystem } from '../ports/change-system';
import type { RunLocator, RunOutcome } from './run-locator';

type CloseChange = Extract<ActionRequest, { kind: 'closeChange' }>;

/** The states of an approved change not yet closed: the ones a finished deployment leaves behind. */
const OPEN_STATES: ReadonlySet<ChangeState> = new Set(['scheduled', 'implement', 'review']);
const DEFAULT_INTERVAL_MS = 60_000;
/** How far back a round looks (changes updated since then): a week, longer than any deployment. */
const DEFAULT_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface ChangeAutoCloseOptions {
  changeSystem: ChangeSystem;
  /** The run a change's run URL names, through the workspace's pipeline providers (run-locator.ts). */
  pipelines: RunLocator;
  clock: Clock;
  /** Records the closing (the outbox's enqueueOnce): a repeat of the key is not recorded again. */
  enqueue(request: CloseChange, dedupeKey: string): void;
  /** Between rounds; default one minute. */
  intervalMs?: number;
  /** Changes updated within this long are looked at; default 7 days. */
  lookbackMs?: number;
  log?(message: string): void;
}

/** The outbox's key for closing this change: one closing per change, whichever round saw it first. */
function autoCloseKey(changeId: string): string {
  return `change:${changeId}:auto-close`;
}

/** What the automation host writes as the change's close notes. */
function closeNotes(runUrl: string, run: RunOutcome): string {
  return `Closed by the On-Call Console's automation host: pipeline run ${runUrl} completed (${run.conclusion ?? run.vendorStatus}) and the pipeline did not close the change.`;
}

export class ChangeAutoClose {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = true;
  /** Set by stop(): a running round stops before its next change. */
  private halted = false;
  /** What was last said about each change left alone, so each is logged once (until it changes). */
  private readonly said = new Map<string, string>();

  constructor(private readonly options: ChangeAutoCloseOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round now; a round already running is joined rather than overlapped. Resolves when it is done. */
  pollOnce(): Promise<void> {
    this.round ??= this.closeFinished().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.pollOnce()
        .catch((error: unknown) => this.options.log?.(`Closing finished deployments' changes failed: ${errorText(error)}`))
        .finally(() => this.schedule(this.options.intervalMs ?? DEFAULT_INTERVAL_MS));
    }, delayMs);
    this.timer.unref?.();
  }

  private async closeFinished(): Promise<void> {
    const { changeSystem, clock } = this.options;
    const since = new Date(clock.now() - (this.options.lookbackMs ?? DEFAULT_LOOKBACK_MS)).toISOString();
    const changes = await changeSystem.findChanges({ since });
    // The console's changes name their run (its deployment block); others have none to follow.
    const open = changes.filter((change) => OPEN_STATES.has(change.state) && change.deployment.runUrl);
    for (const id of this.said.keys()) if (!open.some((change) => change.id === id)) this.said.delete(id);
    for (const change of open) {
      if (this.halted) return;
      await this.closeIfFinished(change).catch((error: unknown) =>
        this.sayOnce(change, `${change.record.number}: its pipeline run could not be read (${errorText(error)}); trying again next round`),
      );
    }
  }

  private async closeIfFinished(change: ChangeRequest): Promise<void> {
    const runUrl = change.deployment.runUrl!;
    const located = this.options.pipelines(runUrl);
    if (!located) {
      this.sayOnce(change, `${change.record.number} is left open: no configured pipeline knows its run ${runUrl}`);
      return;
    }
    const run = await located.read();
    if (!isRunFinished(run)) {
      this.sayOnce(change, `${change.record.number} is left open while its pipeline run ${runUrl} is ${run.vendorStatus}`);
      return;
    }
    this.said.delete(change.id);
    this.options.enqueue(
      {
        kind: 'closeChange',
        incidentIds: [],
        changeId: change.id,
        changeNumber: change.record.number,
        code: run.conclusion === 'success' ? 'successful' : 'unsuccessful',
        notes: closeNotes(runUrl, run),
      },
      autoCloseKey(change.id),
    );
  }

  private sayOnce(change: ChangeRequest, message: string): void {
    if (this.said.get(change.id) === message) return;
    this.said.set(change.id, message);
    this.options.log?.(message);
  }
}
