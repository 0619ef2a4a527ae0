import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  startOfLocalDay,
  startOfLocalWeek,
  startOfNextLocalDay,
  startOfNextLocalWeek,
  TimeZoneName,
  zoneOffsetMs,
} from '../../../shared/rules/local-calendar';

const at = (iso: string) => Date.parse(iso);
const H = 3600_000;

describe('local days and weeks', () => {
  it.each([
    // zone, instant, start of its local day, start of the next, start of its week (Monday)
    ['UTC', '2026-11-26T12:00:00Z', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z', '2026-11-23T00:00:00Z'],
    ['Europe/Berlin', '2026-11-26T23:30:00Z', '2026-11-26T23:00:00Z', '2026-11-27T23:00:00Z', '2026-11-22T23:00:00Z'],
    ['America/Los_Angeles', '2026-11-26T05:00:00Z', '2026-11-25T08:00:00Z', '2026-11-26T08:00:00Z', '2026-11-23T08:00:00Z'],
    ['Asia/Kolkata', '2026-11-26T20:00:00Z', '2026-11-26T18:30:00Z', '2026-11-27T18:30:00Z', '2026-11-22T18:30:00Z'],
    // Berlin goes to summer time on Sunday 29 March 2026: that day lasts 23 hours.
    ['Europe/Berlin', '2026-03-29T15:00:00Z', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', '2026-03-22T23:00:00Z'],
    // Los Angeles goes back to standard time on Sunday 1 November 2026: 25 hours.
    ['America/Los_Angeles', '2026-11-01T20:00:00Z', '2026-11-01T07:00:00Z', '2026-11-02T08:00:00Z', '2026-10-26T07:00:00Z'],
    // Santiago skips midnight (00:00 -> 01:00) on 6 September 2026: the day starts at 01:00.
    ['America/Santiago', '2026-09-06T15:00:00Z', '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z', '2026-08-31T04:00:00Z'],
    // Havana repeats midnight (01:00 -> 00:00) on 1 November 2026: the day starts at the first one.
    ['America/Havana', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', '2026-10-26T04:00:00Z'],
  ])('in %s, %s is on the day from %s to %s, in the week from %s', (zone, instant, day, nextDay, week) => {
    expect(new Date(startOfLocalDay(at(instant), zone)).toISOString()).toBe(new Date(day).toISOString());
    expect(new Date(startOfNextLocalDay(at(instant), zone)).toISOString()).toBe(new Date(nextDay).toISOString());
    expect(new Date(startOfLocalWeek(at(instant), zone)).toISOString()).toBe(new Date(week).toISOString());
  });

  it('a day starts at its own midnight, and the week after a Monday is the next Monday', () => {
    expect(startOfLocalDay(at('2026-11-26T23:00:00Z'), 'Europe/Berlin')).toBe(at('2026-11-26T23:00:00Z'));
    expect(startOfNextLocalWeek(at('2026-11-22T23:00:00Z'), 'Europe/Berlin')).toBe(at('2026-11-29T23:00:00Z'));
    // Across the change to summer time the week is an hour shorter.
    expect(
      startOfNextLocalWeek(at('2026-03-25T12:00:00Z'), 'Europe/Berlin') - startOfLocalWeek(at('2026-03-25T12:00:00Z'), 'Europe/Berlin'),
    ).toBe(7 * 24 * H - H);
  });

  it('knows the offset of a zone at an instant', () => {
    expect(zoneOffsetMs(at('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
    expect(zoneOffsetMs(at('2026-12-01T12:00:00Z'), 'Europe/Berlin')).toBe(H);
    expect(zoneOffsetMs(at('2026-12-01T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * H);
  });
});

describe('time zone names at the boundary', () => {
  it('accepts the zones Intl knows and refuses others with a message that says what to use', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(TimeZoneName.safeParse('America/Los_Angeles').success).toBe(true);
    const refused = TimeZoneName.safeParse('Mars/Olympus_Mons');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/IANA name such as Europe\/Berlin/);
    expect(TimeZoneName.safeParse('').success).toBe(false);
    expect(TimeZoneName.safeParse('x'.repeat(65)).success).toBe(false);
  });
});
