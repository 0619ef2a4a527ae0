/**
 * The paging platforms an incident can come from, as the queue shows them: a name and a
 * compact mark per platform (by the incident's `provider`), which platform is the
 * workspace's first (its incidents carry no mark), and which platforms the console cannot
 * read now (their incidents stay on screen, marked stale).
 */
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import type { Incident } from '../../../../shared/domain/incident';
import { isStaleSince } from '../../../../shared/rules/queue-sight';

interface PlatformLook {
  name: string;
  /** A few letters for the row's badge. */
  compact: string;
}

const KNOWN: Record<string, PlatformLook> = {
  pagerduty: { name: 'PagerDuty', compact: 'PD' },
  'splunk-on-call': { name: 'Splunk On-Call', compact: 'SOC' },
};

/** The platform's name and compact mark; an unknown provider shows its connection's label, else its id. */
export function platformLook(provider: string, connections: readonly ConnectionStatus[] = []): PlatformLook {
  const known = KNOWN[provider];
  if (known) return known;
  const label = connections.find((connection) => connection.provider === provider)?.label ?? provider;
  return { name: label, compact: label.slice(0, 3).toUpperCase() };
}

/** The platforms the queue's incidents come from, and the paging connections, in order, without repeats. */
export function queuePlatforms(connections: readonly ConnectionStatus[], incidents: readonly Incident[]): string[] {
  const platforms = new Set(connections.filter((connection) => connection.paging).map((connection) => connection.provider));
  for (const incident of incidents) platforms.add(incident.provider);
  return [...platforms];
}

/** A platform the console cannot read now: since when it last could (ms), or null when it never has. */
interface StalePlatform {
  name: string;
  since: number | null;
}

/**
 * The paging platforms whose data is stale: their connection is failing, or no successful
 * read for three poll intervals (the queue's own rule). Keyed by provider.
 */
export function stalePlatforms(connections: readonly ConnectionStatus[], now: number, pollIntervalMs: number): Map<string, StalePlatform> {
  const stale = new Map<string, StalePlatform>();
  for (const connection of connections) {
    if (!connection.paging) continue;
    const since = connection.lastSuccessAt ? Date.parse(connection.lastSuccessAt) : null;
    const failing = connection.state === 'degraded' || connection.state === 'offline';
    if (failing || (since !== null && isStaleSince(since, now, pollIntervalMs))) {
      stale.set(connection.provider, { name: connection.label, since });
    }
  }
  return stale;
}

/** "stale: Splunk On-Call could not be read since 14:02", for a row's title and label. */
export function staleText(platform: StalePlatform, clock: (ms: number) => string): string {
  return platform.since === null
    ? `stale: ${platform.name} has not been read yet`
    : `stale: ${platform.name} could not be read since ${clock(platform.since)}`;
}
