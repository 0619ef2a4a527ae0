/**
 * Durations as people read them ("45s", "4m 30s", "2h 10m", "3d 4h"): two units at most,
 * the larger first, rounded to the second. Shared by the metrics view and the CLI.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in ms as text; `empty` for null (no figure) or a value that is not a number. */
export function formatDuration(ms: number | null, empty = '–'): string {
  if (ms === null || !Number.isFinite(ms)) return empty;
  const seconds = Math.round(Math.max(0, ms) / SECOND);
  if (seconds < 60) return `${seconds}s`;
  const [big, bigUnit, small, smallUnit] =
    seconds * SECOND < HOUR
      ? [Math.floor(seconds / 60), 'm', seconds % 60, 's']
      : seconds * SECOND < DAY
        ? [Math.floor(seconds / 3600), 'h', Math.floor((seconds % 3600) / 60), 'm']
        : [Math.floor(seconds / 86_400), 'd', Math.floor((seconds % 86_400) / 3600), 'h'];
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
}
