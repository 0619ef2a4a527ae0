/**
 * Durations in words for the response metrics ("45 s", "4 min 30 s", "2 h 10 min",
 * "1 day", "3 days 4 h"), and spelt out for screen readers ("2 hours 10 minutes"): the
 * two largest units, the smaller left out when it is zero, rounded to the smaller unit
 * (so 59.6 seconds reads "1 min", not "59 s"). Pure; shared by the metrics view's axis
 * labels, bar labels, tooltips and incident lists.
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
