import { errorText } from '../../shared/error-text';
/**
 * The one way tests wait for something to become true: poll `probe` until it returns a
 * truthy value (returned) or the deadline passes (an error naming what was awaited, the
 * last error the probe threw, and what `describe` says about the state at that moment).
 */
export interface WaitOptions {
  timeoutMs?: number;
  everyMs?: number;
  /** Said in the timeout error, to show the state that did not come right. */
  describe?: () => string;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 8_000, everyMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lastError: unknown = null;
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError ? `: ${errorText(lastError)}` : '';
      const state = options.describe ? `\n${options.describe()}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}${state}`);
    }
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
