/**
 * Blackout ("change freeze") schedules as conflict detection reads them (docs:
 * t_CreateBlkoutMaintSched; OOB ChangeCollisionHelper.getBlackoutsByDate): a
 * cmn_schedule_blackout record (type blackout, applies_to a CI table, a condition over it)
 * with its windows in cmn_schedule_span ("20260703T160000" date-times, weekly ones with
 * repeat_type weekly and the day in days_of_week, 1 Monday .. 7 Sunday). Seeded from the
 * simulator's `blackoutSchedules` option; the windows are kept in UTC (the schedule's
 * time_zone says so). Maintenance schedules are not simulated.
 */
import { stableSysId } from './demo-data';
import { applyQuery, parseEncodedQuery, QueryError } from './encoded-query';
import { glideDateTime, type ServiceNowState } from './state';
import { TABLES } from './tables';
import type { BlackoutSchedule, SnRecord } from './types';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** "2026-07-03T16:00:00Z" as a schedule date-time: "20260703T160000" (UTC). */
function scheduleDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function scheduleMs(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(text);
  return match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!) : NaN;
}

function ciQuery(condition: string, what: string) {
  try {
    return parseEncodedQuery(condition, { userSysId: '', fields: new Set(Object.keys(TABLES.cmdb_ci!.fields)) });
  } catch (error) {
    if (error instanceof QueryError) throw new Error(`${what} has an invalid cmdb_ci condition: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Inserts the schedules and their windows; throws naming the schedule when a window or condition is not valid. */
export function seedBlackoutSchedules(state: ServiceNowState, schedules: readonly BlackoutSchedule[]): void {
  const at = glideDateTime(state.now());
  const system = (sysId: string, className: string): SnRecord => ({
    sys_id: sysId,
    sys_class_name: className,
    sys_created_on: at,
    sys_created_by: 'admin',
    sys_updated_on: at,
    sys_updated_by: 'admin',
    sys_mod_count: '0',
  });
  for (const schedule of schedules) {
    const what = `The blackout schedule "${schedule.name}"`;
    if (schedule.condition) ciQuery(schedule.condition, what);
    const scheduleId = stableSysId(`cmn_schedule_blackout:${schedule.name}`);
    state.insertRecord('cmn_schedule', {
      ...system(scheduleId, 'cmn_schedule_blackout'),
      name: schedule.name,
      description: schedule.description ?? '',
      type: 'blackout',
      time_zone: 'UTC',
      applies_to: 'cmdb_ci',
      condition: schedule.condition ?? '',
    });
    schedule.windows.forEach((window, index) => {
      const start = Date.parse(window.start);
      const end = Date.parse(window.end);
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
        throw new Error(`${what}: window ${index + 1} needs ISO start and end times, the end after the start`);
      state.insertRecord('cmn_schedule_span', {
        ...system(stableSysId(`cmn_schedule_span:${schedule.name}:${index}`), 'cmn_schedule_span'),
        name: schedule.name,
        schedule: scheduleId,
        start_date_time: scheduleDateTime(start),
        end_date_time: scheduleDateTime(end),
        repeat_type: window.weekly ? 'weekly' : '',
        repeat_count: window.weekly ? '1' : '',
        days_of_week: window.weekly ? String(new Date(start).getUTCDay() || 7) : '',
        all_day: 'false',
      });
    });
  }
}

/** True when a window (a span, repeated weekly when it says so) overlaps [from, to): touching ends do not overlap. */
function spanOverlaps(span: SnRecord, from: number, to: number): boolean {
  const start = scheduleMs(span.start_date_time ?? '');
  const end = scheduleMs(span.end_date_time ?? '');
  if (Number.isNaN(start) || Number.isNaN(end)) return false;
  if (span.repeat_type !== 'weekly') return start < to && end > from;
  const length = end - start;
  for (let week = Math.max(0, Math.floor((from - start - length) / WEEK_MS)); start + week * WEEK_MS < to; week++) {
    const occurrence = start + week * WEEK_MS;
    if (occurrence < to && occurrence + length > from) return true;
  }
  return false;
}

/** Whether a schedule covers this CI: its applies_to class (cmdb_ci: every CI) and its condition. */
function coversCi(schedule: SnRecord, ci: SnRecord): boolean {
  const appliesTo = schedule.applies_to || 'cmdb_ci';
  if (appliesTo !== 'cmdb_ci' && appliesTo !== ci.sys_class_name) return false;
  const condition = schedule.condition ?? '';
  return condition.trim() === '' || applyQuery([ci], ciQuery(condition, `The blackout schedule "${schedule.name}"`)).length === 1;
}

/** The blackout schedules with a window in [from, to) that cover the CI. */
export function blackoutsOver(state: ServiceNowState, ci: SnRecord, from: number, to: number): SnRecord[] {
  const spans = state.rows('cmn_schedule_span');
  return state
    .rows('cmn_schedule_blackout')
    .filter((schedule) => schedule.type === 'blackout' && coversCi(schedule, ci))
    .filter((schedule) => spans.some((span) => span.schedule === schedule.sys_id && spanOverlaps(span, from, to)));
}
