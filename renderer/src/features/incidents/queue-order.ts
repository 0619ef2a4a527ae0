/**
 * The order of the open queue: newest first, ties broken by id so the order is stable
 * and a status change never shuffles rows under the user's cursor. Creation times are
 * parsed once per incident object (createdMs), not in the comparator.
 */
import type { Incident } from '../../../../shared/domain/incident';
import { createdMs } from '../queue/queue-sort';

export function sortQueue(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => {
    const byCreated = createdMs(b) - createdMs(a);
    if (byCreated !== 0) return byCreated;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
