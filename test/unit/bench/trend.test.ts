/** The benchmark's trend: the least-squares slope of readings over time, per hour. */
import { describe, expect, it } from 'vitest';
import { floorReadings, slopePerHour } from '../../../bench/trend';

const MINUTE = 60_000;

describe('slopePerHour', () => {
  it('gives the rate per hour of readings on a straight line', () => {
    const readings = [0, 1, 2, 3, 4].map((minute) => ({ atMs: minute * MINUTE, value: 100 + minute * 0.5 }));
    expect(slopePerHour(readings)).toBeCloseTo(30, 10);
  });

  it('is zero for a flat series and negative for a falling one', () => {
    expect(slopePerHour([0, 1, 2].map((minute) => ({ atMs: minute * MINUTE, value: 120 })))).toBe(0);
    expect(
      slopePerHour([
        { atMs: 0, value: 130 },
        { atMs: 30 * MINUTE, value: 120 },
      ]),
    ).toBeCloseTo(-20, 10);
  });

  it('fits through noise: a saw-tooth around a level has no trend', () => {
    const readings = Array.from({ length: 60 }, (_, index) => ({ atMs: index * 5_000, value: 120 + (index % 2 === 0 ? 3 : -3) }));
    expect(Math.abs(slopePerHour(readings))).toBeLessThan(5);
  });

  it('refuses fewer than two readings, or readings all at one time', () => {
    expect(() => slopePerHour([{ atMs: 0, value: 1 }])).toThrow(/at least 2 readings/);
    expect(() =>
      slopePerHour([
        { atMs: 5, value: 1 },
        { atMs: 5, value: 2 },
      ]),
    ).toThrow(/different times/);
  });
});

describe('floorReadings', () => {
  it('keeps the lowest reading of each window, at its own time, dropping the bursts', () => {
    const values = [120, 150, 121, 160, 122, 119, 140, 123];
    const readings = values.map((value, index) => ({ atMs: index * 15_000, value }));
    expect(floorReadings(readings, MINUTE)).toEqual([
      { atMs: 0, value: 120 },
      { atMs: 75_000, value: 119 },
    ]);
  });

  it('refuses a window of 0 ms', () => {
    expect(() => floorReadings([{ atMs: 0, value: 1 }], 0)).toThrow(/longer than 0 ms/);
  });
});
