import { describe, expect, it } from 'vitest';
import { SNOOZE_PRESETS, formatDuration, parseDuration, snoozeable } from '../../../../renderer/src/features/actions/snooze-duration';
import { incident } from '../fixtures';

describe('parseDuration', () => {
  it.each([
    ['90m', 5_400],
    ['1h 30m', 5_400],
    ['1h30m', 5_400],
    ['2h', 7_200],
    ['1.5h', 5_400],
    ['3d', 259_200],
    ['1 day 4 hours', 100_800],
    ['45', 2_700],
    ['  20 min ', 1_200],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, seconds });
  });

  it('says what is wrong with text that is not a length', () => {
    expect(parseDuration('')).toMatchObject({ ok: false, problem: expect.stringMatching(/Type a length/) });
    expect(parseDuration('soon')).toMatchObject({ ok: false, problem: expect.stringMatching(/"soon" is not a length/) });
    expect(parseDuration('2x')).toMatchObject({ ok: false });
  });

  it('keeps to what PagerDuty accepts: 1 minute to 7 days', () => {
    expect(parseDuration('0')).toMatchObject({ ok: false, problem: 'Snooze for at least 1 minute' });
    expect(parseDuration('8d')).toMatchObject({ ok: false, problem: 'PagerDuty snoozes for at most 7 days' });
    expect(parseDuration('7d')).toEqual({ ok: true, seconds: 604_800 });
  });
});

describe('presets and formatting', () => {
  it('offers 30 min, 1 h, 4 h, 8 h and 24 h', () => {
    expect(SNOOZE_PRESETS.map((preset) => preset.seconds)).toEqual([1_800, 3_600, 14_400, 28_800, 86_400]);
    expect(SNOOZE_PRESETS.map((preset) => formatDuration(preset.seconds))).toEqual(['30 min', '1 h', '4 h', '8 h', '1 d']);
  });

  it('formats mixed lengths', () => {
    expect(formatDuration(5_400)).toBe('1 h 30 min');
    expect(formatDuration(100_800)).toBe('1 d 4 h');
  });
});

describe('snoozeable', () => {
  it('splits acknowledged incidents from the others', () => {
    const result = snoozeable([incident('A', { status: 'acknowledged' }), incident('B'), incident('C', { status: 'acknowledged' })]);
    expect(result).toEqual({ can: ['A', 'C'], cannot: ['B'] });
  });
});
