import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../shared/rules/format-duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45 * S, '45s'],
    [59.6 * S, '1m'],
    [4 * M + 30 * S, '4m 30s'],
    [12 * M, '12m'],
    [59 * M + 59.4 * S, '59m 59s'],
    [H, '1h'],
    [2 * H + 10 * M + 40 * S, '2h 10m'],
    [23 * H + 59 * M, '23h 59m'],
    [3 * D + 4 * H + 5 * M, '3d 4h'],
    [-5 * S, '0s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash, or what it is given, for no figure', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(null, '-')).toBe('-');
    expect(formatDuration(Number.NaN, 'n/a')).toBe('n/a');
  });
});
