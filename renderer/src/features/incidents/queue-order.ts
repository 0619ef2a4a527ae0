/**
 * The order of the open queue: newest first, ties broken by id so the order is stable
 * and a status change never shuffles rows under the user's cursor.
 */
import type { Incident } from '../../../../shared/domain/incident';

export function sortQueue(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => {
    const byCreated = Date.parse(b.createdAt) - Date.parse(a.createdAt);
    if (byCreated !== 0 && !Number.isNaN(byCreated)) return byCreated;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
