import { inspect } from 'node:util';
import { errorText } from '../../shared/error-text';
/**
 * The one way tests wait for something to become true: call `probe` every `everyMs` until
 * its value is the one awaited (any truthy value, or one `until` accepts), and return that
 * value. A probe that throws is tried again (unless `retryOn` says the error is final). At
 * the deadline: an error naming what was awaited, the last value the probe returned or the
 * last error it threw, and what `describe` says about the state at that moment.
 */
export interface WaitOptions<T> {
  /** How long to keep trying: 8 s unless told. The probe is always tried once more after the deadline. */
  timeoutMs?: number;
  /** The pause between tries: 25 ms unless told. */
  everyMs?: number;
  /** Whether the probe's value is the one awaited; unless told, any truthy value is. */
  until?: (value: T) => boolean;
  /** Whether an error the probe threw means "not yet" (every one does unless told); any other is thrown at once. */
  retryOn?: (error: unknown) => boolean;
  /** Said in the timeout error, to show the state that did not come right; gets the last value the probe returned (if it ever did). */
  describe?: (last: T | undefined) => string | Promise<string>;
}

type Falsy = false | null | undefined | 0 | '';

/** Waits for `probe` to return a value `until` accepts, and returns it. */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  options: WaitOptions<T> & { until: (value: T) => boolean },
): Promise<T>;
/** Waits for `probe` to return a truthy value, and returns it. */
export function waitFor<T>(what: string, probe: () => Promise<T | Falsy> | T | Falsy, options?: WaitOptions<T | Falsy>): Promise<T>;
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, options: WaitOptions<T> = {}): Promise<T> {
  const { timeoutMs = 8_000, everyMs = 25, until = Boolean, retryOn = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  let lastValue: { value: T } | undefined;
  for (;;) {
    let lastError: { error: unknown } | undefined;
    try {
      const value = await probe();
      if (until(value)) return value;
      lastValue = { value };
    } catch (error) {
      if (!retryOn(error)) throw error;
      lastError = { error };
    }
    if (Date.now() > deadline) throw new Error(await timeoutMessage(what, timeoutMs, lastValue, lastError, options.describe));
    await sleep(everyMs);
  }
}

async function timeoutMessage<T>(
  what: string,
  timeoutMs: number,
  lastValue: { value: T } | undefined,
  lastError: { error: unknown } | undefined,
  describe: WaitOptions<T>['describe'],
): Promise<string> {
  const seen = [
    ...(lastError ? [`the last try threw: ${errorText(lastError.error)}`] : []),
    lastValue ? `the last value it returned was ${show(lastValue.value)}` : 'it never returned a value',
  ].join('; ');
  let state = '';
  if (describe) {
    try {
      state = `\n${await describe(lastValue?.value)}`;
    } catch (error) {
      state = `\n(describing the state threw: ${errorText(error)})`;
    }
  }
  return `Timed out after ${timeoutMs} ms waiting for ${what}; ${seen}${state}`;
}

/** A value in a timeout message: short, on one line. */
function show(value: unknown): string {
  const text = inspect(value, { depth: 3, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 500 });
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
