/**
 * Risk calculation and conflict detection on ServiceNow changes (sn_chg_rest; CMAPI
 * PATCH /change/{sys_id}/risk, POST and GET /change/{sys_id}/conflict; note §1, §6): the
 * requests, and the conflicts as the console's (shared/domain/change.ts).
 *
 * - Risk: one PATCH .../risk (no body, as the CMAPI cURL) answers the change with its
 *   recalculated risk and impact. An instance that will not calculate it (400 "Risk
 *   assessment failed", 403, 404 or a route it does not serve) leaves the change as it was.
 * - Conflicts: POST .../conflict starts a check, then one GET .../conflict reads it; a check
 *   that has not finished by then is not waited for (its outcome is unknown). An instance
 *   without conflict detection (404, or 400 for a route it does not serve), a change it
 *   cannot check (400 "unable to start": no CI or planned dates) or a user who may not
 *   (403): unknown too, never a failure.
 * - Mapping: conflict_status "Conflict", "No Conflict", "Not Run" read as
 *   `conflict`, `none` (no conflicts, so an empty list without reading them), `not-run`;
 *   an instance that sends no conflict_status leaves both out. Conflict records, when read,
 *   decide (GET .../conflict says "Conflict" even when it found none): a type naming a
 *   blackout is `blackout`, a maintenance window `maintenance`, a CI already scheduled
 *   `change` (with the other change's number), anything else (an assignee already
 *   scheduled) `other`. A check still running, cancelled or failed (job_status 0, 1, 3, 4:
 *   the execution tracker's states; "2" after a finished check in the CMAPI example) gives
 *   no conflicts.
 */
import type { ChangeRequest } from '../../../shared/domain/change';
import { SnChangeEnvelope, SnConflictStart, SnConflictStatus, type SnChange, type SnConflict, type SnField } from './change-schemas';
import { ServiceNowRefusal, type ServiceNowClient } from './servicenow-client';

const CHANGE_API = '/api/sn_chg_rest/change';

/** A refusal meaning the instance does not do this here (see the module comment); transient failures and bad credentials are not. */
function notAvailable(error: unknown): boolean {
  return error instanceof ServiceNowRefusal && error.kind !== 'auth' ? [400, 403, 404].includes(error.status ?? 0) : false;
}

/** Risk and conflict requests about one change at a time. */
export class ChangeAssessment {
  constructor(private readonly client: ServiceNowClient) {}

  /** PATCH .../risk: the change with its recalculated risk and impact, or as it was when the instance will not calculate it. */
  async calculateRisk(change: SnChange): Promise<SnChange> {
    try {
      const { body } = await this.client.request({
        method: 'PATCH',
        path: `${CHANGE_API}/${change.sys_id}/risk`,
        schema: SnChangeEnvelope,
      });
      return body.result;
    } catch (error) {
      if (notAvailable(error)) return change;
      throw error;
    }
  }

  /** Starts a conflict check and reads it once: the finished check's records, or null when its outcome is unknown. */
  async checkConflicts(change: SnChange): Promise<SnConflict[] | null> {
    try {
      // Starting twice runs the check twice, which is harmless: retried like a read.
      await this.client.request({
        method: 'POST',
        path: `${CHANGE_API}/${change.sys_id}/conflict`,
        schema: SnConflictStart,
        idempotent: true,
      });
    } catch (error) {
      if (notAvailable(error)) return null;
      throw error;
    }
    return this.readConflicts(change);
  }

  /** GET .../conflict: the last finished check's records, or null when its outcome is unknown. */
  async readConflicts(change: SnChange): Promise<SnConflict[] | null> {
    try {
      const { body } = await this.client.request({
        method: 'GET',
        path: `${CHANGE_API}/${change.sys_id}/conflict`,
        schema: SnConflictStatus,
      });
      return finishedConflicts(body.result);
    } catch (error) {
      if (notAvailable(error)) return null;
      throw error;
    }
  }
}

type ChangeConflict = NonNullable<ChangeRequest['conflicts']>[number];

/** conflict_status as the console's; '' (an instance that does not send it) or another value is unknown. */
function conflictStatusOf(field: SnField): ChangeRequest['conflictStatus'] {
  const value = field.value.trim().toLowerCase();
  if (value === 'conflict') return 'conflict';
  if (value === 'no conflict') return 'none';
  return value === 'not run' ? 'not-run' : undefined;
}

/** True when the change's last conflict check found conflicts: their details are worth reading. */
export function hasConflicts(change: SnChange): boolean {
  return conflictStatusOf(change.conflict_status) === 'conflict';
}

/** Execution tracker states that are not a finished check: 0 Pending, 1 Running, 3 Failed, 4 Cancelled. */
const UNFINISHED_JOB = new Set(['0', '1', '3', '4']);

/** The conflict records of a finished check, or null when the answer holds none (still running, cancelled, never run). */
function finishedConflicts(status: SnConflictStatus): SnConflict[] | null {
  if (UNFINISHED_JOB.has(status.job_status.trim())) return null;
  if (status.last_run.trim() === '' && status.conflicts.length === 0) return null;
  return status.conflicts;
}

function displayOf(field: SnField): string {
  return field.display || field.value;
}

function conflictOf(conflict: SnConflict): ChangeConflict {
  const type = conflict.type.value.trim().toLowerCase();
  const label = conflict.type.display || type.replace(/_/g, ' ') || 'Conflict';
  const ci = displayOf(conflict.configuration_item);
  const related = displayOf(conflict.related_configuration_item);
  const on = `${ci || 'the service'}${related && related !== ci ? ` (through ${related})` : ''}`;
  const change = displayOf(conflict.conflicting_change);
  const schedule = displayOf(conflict.schedule);
  if (type.includes('blackout'))
    return {
      kind: 'blackout',
      description: `${label}: ${schedule || 'a blackout schedule'} covers ${on} in the planned window`,
      with: schedule || null,
    };
  if (type.includes('maintenance_window'))
    return {
      kind: 'maintenance',
      description: `${label}: the planned window is outside ${schedule ? `the maintenance window ${schedule}` : 'the maintenance window'} of ${on}`,
      with: schedule || null,
    };
  if (type.endsWith('ci_already_scheduled'))
    return {
      kind: 'change',
      description: `${label}: ${change || 'another change'} is planned on ${on} in an overlapping window`,
      with: change || null,
    };
  const other = change || schedule;
  return { kind: 'other', description: `${label}${other ? `: ${other}` : ''} (${on})`, with: other || null };
}

/** The conflict fields of a change: from the records of a finished check when read, else from conflict_status. */
export function conflictFieldsOf(
  change: SnChange,
  conflicts: readonly SnConflict[] | null,
): Pick<ChangeRequest, 'conflicts' | 'conflictStatus'> {
  if (conflicts) return { conflictStatus: conflicts.length > 0 ? 'conflict' : 'none', conflicts: conflicts.map(conflictOf) };
  const status = conflictStatusOf(change.conflict_status);
  if (status === undefined) return {};
  return status === 'none' ? { conflictStatus: status, conflicts: [] } : { conflictStatus: status };
}
