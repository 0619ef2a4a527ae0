/**
 * Conflict detection behind /api/sn_chg_rest/change/{sys_id}/conflict (CMAPI: POST starts a
 * check and answers its worker's sys_id, GET the running check's status or the last one's
 * results, DELETE cancels a running one), in basic mode as the OOB ChangeCheckConflictsSNC
 * and ChangeCollisionHelper do it (note §6):
 * - a check needs the change's CI (cmdb_ci) and its planned start and end (allowConflictDetection);
 * - it replaces the change's conflict records with one per active other change on the same CI
 *   whose planned window overlaps (type ci_already_scheduled; ends that touch overlap, as
 *   _addQueryDateRange compares), adding the mirror record on that change and marking it
 *   Conflict too (updateConflictDetectionFields), and one per blackout schedule with a window
 *   in the planned one that covers the CI (type blackout);
 * - the change's conflict_status becomes "Conflict" or "No Conflict" and conflict_last_run
 *   the time (checkAndUpdate).
 * Conflicts only warn: nothing here refuses a move.
 *
 * Where the docs are silent, this simulator's choices: job_status takes the execution
 * tracker's states (1 Running, 2 Successful, 4 Cancelled; the CMAPI example shows "2" after a
 * finished check); `status` is "Conflict" after a finished check whatever it found (the CMAPI
 * note says so), else the change's conflict_status; record_count is the CIs checked ("Number
 * of records checked"); last_run is UTC. A POST while a check runs answers that check's worker;
 * a DELETE with none running is 400 "Cancel request failed" (the documented 400). A check takes
 * `conflictCheckMs` of simulated time (default 0: done when the POST answers).
 */
import { randomBytes } from 'node:crypto';
import { snErrors, SnApiError } from './errors';
import { blackoutsOver, seedBlackoutSchedules } from './change-schedules';
import { glideDateTime, type ServiceNowState } from './state';
import type { BlackoutSchedule, SnRecord } from './types';

const JOB_STATUS = { running: '1', complete: '2', canceled: '4' } as const;
type JobState = keyof typeof JOB_STATUS;

interface ConflictJob {
  workerId: string;
  changeId: string;
  actor: string;
  startedAt: number;
  doneAt: number;
  state: JobState;
  /** CIs checked (basic mode: the change's CI). */
  checked: number;
}

export interface ConflictCheckOptions {
  blackoutSchedules: readonly BlackoutSchedule[];
  checkMs: number;
  enabled: boolean;
}

/** What GET .../conflict answers, before its records are rendered. */
export interface ConflictStatus {
  status: string;
  last_run: string;
  record_count: string;
  job_status: string;
  records: SnRecord[];
}

/** Saves fields to a change as one update by `actor` (the workflow's save: stamped, no state move). */
type SaveChange = (change: SnRecord, fields: SnRecord, actor: string) => void;

function glideMs(value: string | undefined): number {
  return value ? Date.parse(`${value.replace(' ', 'T')}Z`) : NaN;
}

function newSysId(): string {
  return randomBytes(16).toString('hex');
}

export class ChangeConflicts {
  /** The latest check of each change, by the change's sys_id. */
  private readonly jobs = new Map<string, ConflictJob>();
  private records: SnRecord[] = [];

  constructor(
    private readonly state: ServiceNowState,
    private readonly options: ConflictCheckOptions,
    private readonly saveChange: SaveChange,
  ) {
    seedBlackoutSchedules(state, options.blackoutSchedules);
  }

  /** 404 on an instance without conflict detection (the `conflictDetection` option). */
  checkAvailable(): void {
    if (!this.options.enabled)
      throw new SnApiError(404, {
        error: { message: 'Not Found', detail: 'Conflict detection (com.snc.change.collision) is not active on this instance' },
        status: 'failure',
      });
  }

  /** POST .../conflict: starts a check (or answers the one running); 400 when the change cannot be checked. */
  start(change: SnRecord, actor: string): string {
    this.settle();
    const id = change.sys_id ?? '';
    const running = this.jobs.get(id);
    if (running?.state === 'running') return running.workerId;
    const missing = [
      ['a configuration item (cmdb_ci)', change.cmdb_ci],
      ['a planned start (start_date)', change.start_date],
      ['a planned end (end_date)', change.end_date],
    ].flatMap(([what, value]) => (value ? [] : [what]));
    if (missing.length > 0)
      throw snErrors.badRequest(
        'Unable to start conflict checking',
        `${change.number} needs ${missing.join(', ')} to be checked for conflicts`,
      );
    const now = this.state.now();
    const job: ConflictJob = {
      workerId: newSysId(),
      changeId: id,
      actor,
      startedAt: now,
      doneAt: now + this.options.checkMs,
      state: 'running',
      checked: 0,
    };
    this.jobs.set(id, job);
    // The checker starts by deleting the change's conflicts (ChangeConflictHandler.deleteConflictsByChangeId).
    this.records = this.records.filter((record) => record.change !== id);
    this.settle();
    return job.workerId;
  }

  /** DELETE .../conflict: cancels the running check; 400 when none runs. */
  cancel(change: SnRecord): void {
    this.settle();
    const job = this.jobs.get(change.sys_id ?? '');
    if (job?.state !== 'running') throw snErrors.badRequest('Cancel request failed', `No conflict check is running for ${change.number}`);
    job.state = 'canceled';
  }

  /** GET .../conflict: the running check's status, or the last one's results. */
  status(change: SnRecord): ConflictStatus {
    this.settle();
    const id = change.sys_id ?? '';
    const job = this.jobs.get(id);
    const recorded = change.conflict_status || 'Not Run';
    return {
      status: job?.state === 'complete' ? 'Conflict' : recorded,
      last_run: job ? glideDateTime(job.startedAt) : (change.conflict_last_run ?? ''),
      record_count: String(job?.checked ?? 0),
      job_status: job ? JOB_STATUS[job.state] : '',
      records: this.records.filter((record) => record.change === id),
    };
  }

  /** Finishes the checks whose time has come (the simulated clock moved past them). */
  settle(): void {
    const now = this.state.now();
    for (const job of this.jobs.values()) if (job.state === 'running' && job.doneAt <= now) this.complete(job);
  }

  private complete(job: ConflictJob): void {
    job.state = 'complete';
    const change = this.state.get('change_request', job.changeId);
    if (!change) return;
    const ci = this.state.get('cmdb_ci', change.cmdb_ci ?? '');
    const from = glideMs(change.start_date);
    const to = glideMs(change.end_date);
    const found: SnRecord[] = [];
    const at = glideDateTime(this.state.now());
    if (ci && !Number.isNaN(from) && !Number.isNaN(to)) {
      job.checked = 1;
      for (const other of this.overlappingChanges(change, from, to)) {
        found.push(
          this.conflict({
            change: job.changeId,
            configuration_item: ci.sys_id ?? '',
            type: 'ci_already_scheduled',
            conflicting_change: other.sys_id ?? '',
          }),
        );
        const mirrored = this.records.some(
          (record) =>
            record.change === other.sys_id && record.conflicting_change === job.changeId && record.type === 'ci_already_scheduled',
        );
        if (!mirrored)
          found.push(
            this.conflict({
              change: other.sys_id ?? '',
              configuration_item: ci.sys_id ?? '',
              type: 'ci_already_scheduled',
              conflicting_change: job.changeId,
            }),
          );
        this.saveChange(other, { conflict_status: 'Conflict', conflict_last_run: at }, job.actor);
      }
      for (const schedule of blackoutsOver(this.state, ci, from, to))
        found.push(
          this.conflict({ change: job.changeId, configuration_item: ci.sys_id ?? '', type: 'blackout', schedule: schedule.sys_id ?? '' }),
        );
    }
    this.records.push(...found);
    const own = found.some((record) => record.change === job.changeId);
    this.saveChange(change, { conflict_status: own ? 'Conflict' : 'No Conflict', conflict_last_run: at }, job.actor);
  }

  /** Active changes on the same CI whose planned window overlaps [from, to] (ends that touch count, as the OOB date range query). */
  private overlappingChanges(change: SnRecord, from: number, to: number): SnRecord[] {
    return this.state.rows('change_request').filter((other) => {
      if (other.sys_id === change.sys_id || other.active !== 'true' || other.cmdb_ci !== change.cmdb_ci) return false;
      const start = glideMs(other.start_date);
      const end = glideMs(other.end_date);
      return !Number.isNaN(start) && !Number.isNaN(end) && start <= to && end >= from;
    });
  }

  private conflict(fields: SnRecord): SnRecord {
    const at = glideDateTime(this.state.now());
    return {
      sys_id: newSysId(),
      sys_class_name: 'conflict',
      sys_created_on: at,
      sys_created_by: 'system',
      sys_updated_on: at,
      sys_updated_by: 'system',
      sys_mod_count: '0',
      conflicting_change: '',
      related_configuration_item: '',
      schedule: '',
      ...fields,
    };
  }
}
