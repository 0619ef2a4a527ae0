/**
 * The ticketing systems the engine can be configured with, and telling from an action's
 * error whether the ticketing system (not the paging platform) is the one that failed:
 * the providers name themselves in every error ("ServiceNow refused …").
 */
import type { ConnectionStatus } from '../../../../shared/domain/connection';

/** Provider id -> name. */
export const TICKETING_SYSTEMS: ReadonlyMap<string, string> = new Map([
  ['servicenow', 'ServiceNow'],
  ['jira-service-management', 'Jira Service Management'],
]);

/** The ticketing system an error names, or null (the paging half failed). */
export function ticketingSystemNamed(error: string | null, connections: readonly ConnectionStatus[] = []): string | null {
  if (!error) return null;
  const names = new Set([
    ...connections.filter((c) => TICKETING_SYSTEMS.has(c.provider)).map((c) => c.label),
    ...TICKETING_SYSTEMS.values(),
  ]);
  for (const name of names) if (error.includes(name)) return name;
  return null;
}
