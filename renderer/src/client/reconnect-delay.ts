/** How long to wait before reopening the event stream after the n-th failure in a row (0-based). */
export function reconnectDelayMs(failuresInARow: number): number {
  const base = 1_000 * 2 ** Math.max(0, Math.min(failuresInARow, 4));
  return Math.min(base, 15_000);
}
