/**
 * The idle cost of the sync loop, per minute, from what one poll and one reconcile cost:
 * every poll interval starts a round, and one round per reconcile interval is a full
 * reconcile instead of an incremental poll.
 */

/** Requests per minute at a poll interval and a reconcile interval, from the requests one poll and one reconcile cost. */
export function requestsPerMinute(pollIntervalMs: number, reconcileIntervalMs: number, perPoll: number, perReconcile: number): number {
  if (!(pollIntervalMs > 0) || !(reconcileIntervalMs >= pollIntervalMs)) {
    throw new Error(
      `requestsPerMinute: need 0 < poll interval <= reconcile interval, got ${pollIntervalMs} ms and ${reconcileIntervalMs} ms`,
    );
  }
  const roundsPerMinute = 60_000 / pollIntervalMs;
  const reconcilesPerMinute = 60_000 / reconcileIntervalMs;
  return (roundsPerMinute - reconcilesPerMinute) * perPoll + reconcilesPerMinute * perReconcile;
}
