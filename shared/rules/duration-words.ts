/**
 * Durations in words for the response metrics ("45 s", "4 min 30 s", "2 h 10 min",
 * "17 min", "3 days 4 h"), and spelt out for screen readers ("2 hours 10 minutes"): about
 * two significant figures, read at a glance. Below 10 of the largest unit, that unit and
 * the next (left out when zero); from 10 on, the largest unit alone. Rounded, not cut, so
 * 59.6 seconds reads "1 min" and 16 min 30 s reads "17 min". Pure; shared by the metrics
 * view's bar labels, tooltips, headline, table and incident lists.
 */

const SECOND = 1000;

interface Unit {
  seconds: number;
  short: (n: number) => string;
  long: (n: number) => string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Largest first. */
const UNITS: readonly Unit[] = [
  { seconds: 86_400, short: (n) => plural(n, 'day', 'days'), long: (n) => plural(n, 'day', 'days') },
  { seconds: 3600, short: (n) => `${n} h`, long: (n) => plural(n, 'hour', 'hours') },
  { seconds: 60, short: (n) => `${n} min`, long: (n) => plural(n, 'minute', 'minutes') },
  { seconds: 1, short: (n) => `${n} s`, long: (n) => plural(n, 'second', 'seconds') },
];

export type DurationStyle = 'short' | 'long';

/**
 * A duration in ms in words; `empty` for null (no figure) or a value that is not a
 * finite number. Negative durations read as zero.
 */
export function formatDurationWords(ms: number | null, style: DurationStyle = 'short', empty = '–'): string {
  if (ms === null || !Number.isFinite(ms)) return empty;
  const seconds = Math.max(0, ms) / SECOND;
  for (let index = 0; index < UNITS.length - 1; index += 1) {
    const big = UNITS[index]!;
    const small = UNITS[index + 1]!;
    // Rounded to the smaller unit first, so 23 h 59 min 50 s reads "1 day" rather than "23 h 60 min".
    const total = Math.round(seconds / small.seconds);
    const ratio = big.seconds / small.seconds;
    if (total >= ratio) {
      const bigCount = Math.floor(total / ratio);
      // Ten or more of the larger unit: the smaller one is noise. (Rounding cannot reach the
      // next unit here: the loop would have stopped there.)
      if (bigCount >= 10) {
        const rounded = Math.round(seconds / big.seconds);
        return style === 'short' ? big.short(rounded) : big.long(rounded);
      }
      const smallCount = total % ratio;
      const word = style === 'short' ? big.short(bigCount) : big.long(bigCount);
      if (smallCount === 0) return word;
      return `${word} ${style === 'short' ? small.short(smallCount) : small.long(smallCount)}`;
    }
  }
  const last = UNITS[UNITS.length - 1]!;
  const count = Math.round(seconds);
  return style === 'short' ? last.short(count) : last.long(count);
}
