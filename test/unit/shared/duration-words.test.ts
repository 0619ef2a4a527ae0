import { describe, expect, it } from 'vitest';
import { formatDurationWords } from '../../../shared/rules/duration-words';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatDurationWords', () => {
  it.each([
    [0, '0 s', '0 seconds'],
    [S, '1 s', '1 second'],
    [45 * S, '45 s', '45 seconds'],
    [59.4 * S, '59 s', '59 seconds'],
    [59.6 * S, '1 min', '1 minute'],
    [4 * M, '4 min', '4 minutes'],
    [4 * M + 30 * S, '4 min 30 s', '4 minutes 30 seconds'],
    [9 * M + 59 * S, '9 min 59 s', '9 minutes 59 seconds'],
    [10 * M + 29 * S, '10 min', '10 minutes'],
    [16 * M + 30 * S, '17 min', '17 minutes'],
    [59 * M + 29 * S, '59 min', '59 minutes'],
    [59 * M + 40 * S, '1 h', '1 hour'],
    [59 * M + 59.6 * S, '1 h', '1 hour'],
    [2 * H + 10 * M + 20 * S, '2 h 10 min', '2 hours 10 minutes'],
    [2 * H + 10 * M + 40 * S, '2 h 11 min', '2 hours 11 minutes'],
    [9 * H + 59 * M, '9 h 59 min', '9 hours 59 minutes'],
    [14 * H + 23 * M, '14 h', '14 hours'],
    [23 * H + 29 * M, '23 h', '23 hours'],
    [23 * H + 31 * M, '1 day', '1 day'],
    [23 * H + 59 * M + 50 * S, '1 day', '1 day'],
    [D + H, '1 day 1 h', '1 day 1 hour'],
    [3 * D, '3 days', '3 days'],
    [3 * D + 4 * H + 5 * M, '3 days 4 h', '3 days 4 hours'],
    [9 * D + 23 * H, '9 days 23 h', '9 days 23 hours'],
    [10 * D + 13 * H, '11 days', '11 days'],
    [30 * D, '30 days', '30 days'],
    [-5 * S, '0 s', '0 seconds'],
  ])('%d ms reads "%s" ("%s")', (ms, short, long) => {
    expect(formatDurationWords(ms)).toBe(short);
    expect(formatDurationWords(ms, 'long')).toBe(long);
  });

  it('shows a dash, or what it is given, for no figure', () => {
    expect(formatDurationWords(null)).toBe('–');
    expect(formatDurationWords(null, 'long', 'none')).toBe('none');
    expect(formatDurationWords(Number.NaN)).toBe('–');
    expect(formatDurationWords(Number.POSITIVE_INFINITY)).toBe('–');
  });
});
