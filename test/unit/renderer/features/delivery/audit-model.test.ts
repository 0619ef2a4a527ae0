/** The change audit page's periods (whole UTC days, presets on any day of the year) and its bounds for the engine. */
import { describe, expect, it } from 'vitest';
import { periodBounds, periodText, presetOf, presetPeriod } from '../../../../../renderer/src/features/delivery/audit-model';

const at = (iso: string) => Date.parse(iso);

describe('audit periods', () => {
  it('counts the last N days with today included, on the UTC day whatever the hour', () => {
    expect(presetPeriod('last-7', at('2026-11-03T23:30:00Z'))).toEqual({ from: '2026-10-28', to: '2026-11-03' });
    expect(presetPeriod('last-30', at('2026-11-03T00:10:00Z'))).toEqual({ from: '2026-10-05', to: '2026-11-03' });
    expect(presetPeriod('last-90', at('2026-03-01T12:00:00Z'))).toEqual({ from: '2025-12-02', to: '2026-03-01' });
  });

  it('takes the last calendar month across a year and a leap February', () => {
    expect(presetPeriod('last-month', at('2026-01-15T08:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('last-month', at('2028-03-01T00:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('recognises a preset, and none for days picked by hand', () => {
    const now = at('2026-11-03T10:00:00Z');
    expect(presetOf({ from: '2026-10-05', to: '2026-11-03' }, now)).toBe('last-30');
    expect(presetOf({ from: '2026-10-01', to: '2026-10-31' }, now)).toBe('last-month');
    expect(presetOf({ from: '2026-10-06', to: '2026-11-03' }, now)).toBeNull();
  });

  it('asks the engine from the first day’s start to the last day’s end (UTC), or says what is wrong', () => {
    expect(periodBounds({ from: '2026-11-01', to: '2026-11-30' })).toEqual({
      ok: true,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T23:59:59.999Z',
    });
    expect(periodBounds({ from: '2026-11-03', to: '2026-11-03' }).ok).toBe(true);
    expect(periodBounds({ from: '', to: '2026-11-30' })).toEqual({ ok: false, problem: 'Pick the first day of the period' });
    expect(periodBounds({ from: '2026-11-01', to: '2026-13-45' })).toEqual({ ok: false, problem: 'Pick the last day of the period' });
    expect(periodBounds({ from: '2026-12-01', to: '2026-11-30' })).toMatchObject({ ok: false, problem: /must start before it ends/ });
  });

  it('names a period for its heading', () => {
    expect(periodText({ from: '2026-10-05', to: '2026-11-03' })).toBe('5 Oct – 3 Nov 2026');
    expect(periodText({ from: '2025-12-28', to: '2026-01-03' })).toBe('28 Dec 2025 – 3 Jan 2026');
    expect(periodText({ from: '2026-11-03', to: '2026-11-03' })).toBe('3 Nov 2026');
  });
});
