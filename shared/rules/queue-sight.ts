/**
 * Can the console see the paging platform, so that an empty queue means nothing is open?
 * Until the first load has come in, while the paging connection is failing, and whenever
 * its data is stale (no successful poll for three intervals), it cannot: the queue must
 * say so, since when and what the console is doing about it, and never give the all-clear.
 * With several paging platforms the queue sees only when it sees every one of them: one
 * blind platform makes the queue blind (named, with the others' state left out), one still
 * loading makes it loading.
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
  /**
   * The paging sync's last success (ISO), or null before the first. With one paging
   * platform it stands for that platform; with several, each platform's connection says
   * its own (lastSuccessAt), since a sync of one says nothing of the other.
   */
  lastSyncAt: string | null;
  pollIntervalMs: number;
}

export function queueSight(
  { connections, lastSyncAt, pollIntervalMs }: SightInput,
  now: number,
  clock: (ms: number) => string,
): QueueSight {
  const paging = connections.filter((connection) => connection.paging);
  if (paging.length === 0) return { kind: 'seeing' };
  if (paging.length === 1) return platformSight(paging[0]!, lastSyncAt, pollIntervalMs, now, clock);
  const sights = paging.map((connection) => platformSight(connection, null, pollIntervalMs, now, clock));
  return sights.find((sight) => sight.kind === 'blind') ?? sights.find((sight) => sight.kind === 'loading') ?? { kind: 'seeing' };
}

/** One paging platform's sight: `lastSyncAt` overrides its connection's last success when given. */
function platformSight(
  paging: ConnectionStatus,
  lastSyncAt: string | null,
  pollIntervalMs: number,
  now: number,
  clock: (ms: number) => string,
): QueueSight {
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
