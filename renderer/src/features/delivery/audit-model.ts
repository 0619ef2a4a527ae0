/**
 * What the change audit page works out (pure, no React): its period in whole UTC days (the
 * last 7, 30 or 90 days, today included, or the last calendar month) as the contract's
 * `from` and `to`, the words and colours of each exception kind, and the rows "only
 * exceptions" keeps. Days are UTC, as the report's timestamps and its exported files are,
 * so one period reads the same in every time zone.
 */
import type { AuditExceptionKind, AuditReport } from '../../../../shared/domain/audit';

const DAY_MS = 24 * 3_600_000;

/** A period as two calendar days ("2026-11-01"), both included. */
export interface AuditPeriod {
  from: string;
  to: string;
}

type PeriodPreset = 'last-7' | 'last-30' | 'last-90' | 'last-month';

export const PRESETS: readonly { value: PeriodPreset; label: string }[] = [
  { value: 'last-7', label: 'Last 7 days' },
  { value: 'last-30', label: 'Last 30 days' },
  { value: 'last-90', label: 'Last 90 days' },
  { value: 'last-month', label: 'Last calendar month' },
];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days a preset stands for on `nowMs`'s UTC day: "last 7 days" is today and the 6 before. */
export function presetPeriod(preset: PeriodPreset, nowMs: number): AuditPeriod {
  const today = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate());
  switch (preset) {
    case 'last-7':
      return { from: day(today - 6 * DAY_MS), to: day(today) };
    case 'last-30':
      return { from: day(today - 29 * DAY_MS), to: day(today) };
    case 'last-90':
      return { from: day(today - 89 * DAY_MS), to: day(today) };
    case 'last-month': {
      const now = new Date(today);
      const firstOfThisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
      const lastMonth = new Date(firstOfThisMonth - DAY_MS);
      return { from: day(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), 1)), to: day(firstOfThisMonth - DAY_MS) };
    }
  }
}

/** The preset a period is, if it is one. */
export function presetOf(period: AuditPeriod, nowMs: number): PeriodPreset | null {
  return (
    PRESETS.find(({ value }) => {
      const candidate = presetPeriod(value, nowMs);
      return candidate.from === period.from && candidate.to === period.to;
    })?.value ?? null
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The request's bounds for a period (its first day's start to its last day's end, UTC), or why it is not one. */
export function periodBounds(period: AuditPeriod): { ok: true; from: string; to: string } | { ok: false; problem: string } {
  if (!DATE.test(period.from) || Number.isNaN(Date.parse(period.from))) return { ok: false, problem: 'Pick the first day of the period' };
  if (!DATE.test(period.to) || Number.isNaN(Date.parse(period.to))) return { ok: false, problem: 'Pick the last day of the period' };
  if (period.from > period.to)
    return { ok: false, problem: 'The period must start before it ends: pick a first day on or before the last' };
  return { ok: true, from: `${period.from}T00:00:00.000Z`, to: `${period.to}T23:59:59.999Z` };
}

export const EXCEPTION_KINDS: readonly AuditExceptionKind[] = [
  'no-approved-change',
  'outside-window',
  'untraceable',
  'closed-without-deployment',
];

export const EXCEPTION_LABEL: Record<AuditExceptionKind, string> = {
  'no-approved-change': 'No approved change',
  'outside-window': 'Outside its window',
  untraceable: 'Commits untraceable',
  'closed-without-deployment': 'Closed without deployment',
};

/** Light badges: the theme keeps their text readable in both schemes. */
export const EXCEPTION_COLOR: Record<AuditExceptionKind, string> = {
  'no-approved-change': 'red',
  'outside-window': 'orange',
  untraceable: 'grape',
  'closed-without-deployment': 'yellow',
};

/** The report's deployments and closed changes to list: all, or those with an exception. */
export function shownParts(
  report: Pick<AuditReport, 'rows' | 'changesWithoutDeployment'>,
  onlyExceptions: boolean,
): Pick<AuditReport, 'rows' | 'changesWithoutDeployment'> {
  if (!onlyExceptions) return { rows: report.rows, changesWithoutDeployment: report.changesWithoutDeployment };
  return {
    rows: report.rows.filter((row) => row.exceptions.length > 0),
    changesWithoutDeployment: report.changesWithoutDeployment.filter((entry) => entry.exceptions.length > 0),
  };
}

/** "12 Nov – 11 Dec 2026", "28 Dec 2025 – 3 Jan 2026": a period for its heading (UTC days). */
export function periodText(period: AuditPeriod): string {
  const format = (text: string, withYear: boolean) =>
    new Date(`${text}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  return period.from === period.to ? format(period.from, true) : `${format(period.from, !sameYear)} – ${format(period.to, true)}`;
}
