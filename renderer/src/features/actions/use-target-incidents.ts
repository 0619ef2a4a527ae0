/** The incidents a dialog acts on, looked up in the live snapshot by the ids it captured. */
import { useMemo } from 'react';
import type { Incident } from '../../../../shared/domain/incident';
import { useSnapshot } from '../../state/use-snapshot';

export interface TargetIncidents {
  /** Those still in the snapshot, in the captured order. */
  incidents: Incident[];
  /** Captured ids no longer in the open queue (resolved meanwhile, say). */
  missingIds: string[];
}

export function useTargetIncidents(ids: readonly string[]): TargetIncidents {
  const { data } = useSnapshot();
  return useMemo(() => {
    const byId = new Map((data?.incidents ?? []).map((incident) => [incident.id, incident]));
    const incidents: Incident[] = [];
    const missingIds: string[] = [];
    for (const id of ids) {
      const incident = byId.get(id);
      if (incident) incidents.push(incident);
      else missingIds.push(id);
    }
    return { incidents, missingIds };
  }, [data?.incidents, ids]);
}
