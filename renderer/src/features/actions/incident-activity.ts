/**
 * What is happening to each incident from the actions in the snapshot: the pending one to
 * show as "Acknowledging…", and the failed one to show with its error.
 */
import type { ActionKind, ActionRecord } from '../../../../shared/domain/action';

export interface IncidentActivity {
  pending: ActionRecord | null;
  failed: ActionRecord | null;
}

const NONE: IncidentActivity = { pending: null, failed: null };

/** Pending and failed actions per incident id (the most recent of each). */
export function activityByIncident(actions: readonly ActionRecord[]): Map<string, IncidentActivity> {
  const byIncident = new Map<string, IncidentActivity>();
  for (const action of actions) {
    if (action.state === 'done') continue;
    for (const incidentId of action.request.incidentIds) {
      const current = byIncident.get(incidentId) ?? NONE;
      const slot = action.state === 'pending' ? 'pending' : 'failed';
      const held = current[slot];
      if (!held || Date.parse(action.updatedAt) >= Date.parse(held.updatedAt)) {
        byIncident.set(incidentId, { ...current, [slot]: action });
      }
    }
  }
  return byIncident;
}

export function activityFor(map: ReadonlyMap<string, IncidentActivity>, incidentId: string): IncidentActivity {
  return map.get(incidentId) ?? NONE;
}

/** The progress label for a pending action, e.g. "Acknowledging…". */
export function pendingLabel(kind: ActionKind): string {
  switch (kind) {
    case 'acknowledge':
      return 'Acknowledging…';
    case 'resolve':
      return 'Resolving…';
    case 'addNote':
      return 'Adding note…';
  }
}
