/** The benchmark's command line. */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, SCENARIOS } from '../../../bench/args';

describe('parseBenchArgs', () => {
  it('runs every scenario, fully, writing bench-results.json, by default', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, build: true, out: 'bench-results.json', only: [...SCENARIOS] });
  });

  it('takes --quick, --no-build, --out and a comma-separated --only (deduplicated, in the given order)', () => {
    expect(parseBenchArgs(['--quick', '--no-build', '--out', 'x.json', '--only', 'render, load,render'])).toEqual({
      quick: true,
      build: false,
      out: 'x.json',
      only: ['render', 'load'],
    });
  });

  it('names an unknown scenario and lists the valid ones', () => {
    expect(() => parseBenchArgs(['--only', 'laod'])).toThrow(
      /unknown scenario "laod" \(choose from load, idle, detection, render, memory, shared, faults, change, delivery, splunk-on-call, host-memory, detail\)/,
    );
  });

  it('refuses an empty --only and an empty --out', () => {
    expect(() => parseBenchArgs(['--only', ','])).toThrow(/at least one scenario/);
    expect(() => parseBenchArgs(['--out', ' '])).toThrow(/--out needs a file name/);
  });

  it('refuses unknown options and shows the usage', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/Unknown option '--fast'[\s\S]*Usage: npm run bench/);
  });

  it('answers --help', () => {
    expect(parseBenchArgs(['--help'])).toBe('help');
  });
});
