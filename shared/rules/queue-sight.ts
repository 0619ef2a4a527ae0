/**
 * Can the console see the paging platform, so that an empty queue means nothing is open?
 * Until the first load has come in, while the paging connection is failing, and whenever
 * its data is stale (no successful poll for three intervals), it cannot: the queue must
 * say so, since when and what the console is doing about it, and never give the all-clear.
 */
import type { ConnectionStatus } from '../domain/connection';
import { agoText } from './stale-action';
import { retryText } from './connection-trouble';

/** No successful poll for this many intervals: the data on screen is stale. */
const STALE_AFTER_POLL_INTERVALS = 3;

/** Data last synced at `lastSuccess` (ms) is stale: no successful poll for three intervals. */
export function isStaleSince(lastSuccess: number, now: number, pollIntervalMs: number): boolean {
  return now - lastSuccess > STALE_AFTER_POLL_INTERVALS * pollIntervalMs;
}

export type QueueSight =
  | { kind: 'seeing' }
  /** The first load is under way. */
  | { kind: 'loading'; label: string }
  /** The console cannot see the platform: `message` says why, in words. */
  | { kind: 'blind'; label: string; headline: string; detail: string };

export interface SightInput {
  connections: readonly ConnectionStatus[];
  /** The paging sync's last success (ISO), or null before the first. */
  lastSyncAt: string | null;
  pollIntervalMs: number;
}

export function queueSight(
  { connections, lastSyncAt, pollIntervalMs }: SightInput,
  now: number,
  clock: (ms: number) => string,
): QueueSight {
  const paging = connections.find((connection) => connection.paging);
  if (!paging) return { kind: 'seeing' };
  const label = paging.label;
  const lastSuccess = lastSyncAt ? Date.parse(lastSyncAt) : paging.lastSuccessAt ? Date.parse(paging.lastSuccessAt) : null;
  const failing = paging.state === 'degraded' || paging.state === 'offline';
  const stale = lastSuccess !== null && isStaleSince(lastSuccess, now, pollIntervalMs);
  if (lastSuccess === null && !failing) return { kind: 'loading', label };
  if (!failing && !stale) return { kind: 'seeing' };

  const why = paging.message ? `${paging.message.replace(/\.$/, '')}.` : `${label} has not answered.`;
  const trying = retryText(paging.nextRetryAt, now);
  if (lastSuccess === null) {
    const since = paging.failingSince ? ` (since ${clock(Date.parse(paging.failingSince))})` : '';
    return {
      kind: 'blind',
      label,
      headline: `The console cannot see ${label} yet${since}: it has not loaded any incident.`,
      detail: `${why} ${trying} Incidents show as soon as it gets through.`,
    };
  }
  return {
    kind: 'blind',
    label,
    headline: `The console cannot see ${label} since ${clock(lastSuccess)} (${agoText(now - lastSuccess)}): there may be open incidents it cannot show.`,
    detail: `${why} ${trying}`,
  };
}
