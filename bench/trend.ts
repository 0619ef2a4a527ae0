/**
 * The trend of a series of readings over time (pure): the least-squares slope and the floor
 * (each window's lowest reading), for the host's resident memory under churn, per hour.
 */

export interface TimedReading {
  /** When, in milliseconds from any fixed start. */
  atMs: number;
  value: number;
}

const HOUR_MS = 60 * 60 * 1000;

/** The least-squares slope of value over time, in value units per hour. */
export function slopePerHour(readings: readonly TimedReading[]): number {
  if (readings.length < 2) throw new Error(`slopePerHour needs at least 2 readings (got ${readings.length})`);
  const n = readings.length;
  const meanT = readings.reduce((sum, reading) => sum + reading.atMs, 0) / n;
  const meanV = readings.reduce((sum, reading) => sum + reading.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const { atMs, value } of readings) {
    covariance += (atMs - meanT) * (value - meanV);
    variance += (atMs - meanT) ** 2;
  }
  if (variance === 0) throw new Error('slopePerHour needs readings at different times');
  return (covariance / variance) * HOUR_MS;
}

/**
 * The lowest reading in each window of windowMs (from the first reading on), at its own
 * time: the level a process comes back to after each burst of work, without the bursts.
 */
export function floorReadings(readings: readonly TimedReading[], windowMs: number): TimedReading[] {
  if (!(windowMs > 0)) throw new Error(`floorReadings needs a window longer than 0 ms (got ${windowMs})`);
  const first = readings[0]?.atMs ?? 0;
  const lowest = new Map<number, TimedReading>();
  for (const reading of readings) {
    const window = Math.floor((reading.atMs - first) / windowMs);
    const current = lowest.get(window);
    if (!current || reading.value < current.value) lowest.set(window, reading);
  }
  return [...lowest.values()].sort((a, b) => a.atMs - b.atMs);
}
