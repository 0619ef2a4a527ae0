/**
 * The open queue as the table and the shortcuts see it: sorted incidents, their pending
 * and failed actions, and the effective selection (kept by incident id).
 */
import { useEffect, useMemo } from 'react';
import { isOpen, type Incident } from '../../../../shared/domain/incident';
import { useSnapshot } from '../../state/use-snapshot';
import { useUiStore } from '../../state/ui-store';
import { resolveSelection, type Selection } from '../../state/selection';
import { activityByIncident, type IncidentActivity } from '../actions/incident-activity';
import { sortQueue } from './queue-order';

export interface QueueView {
  incidents: Incident[];
  ids: string[];
  activity: Map<string, IncidentActivity>;
  selection: Selection;
  selected: Incident | null;
}

const EMPTY: Incident[] = [];

export function useQueue(): QueueView {
  const { data } = useSnapshot();
  const stored = useUiStore((state) => state.selection);
  const select = useUiStore((state) => state.select);
  const rawIncidents = data?.incidents ?? EMPTY;
  const incidents = useMemo(() => sortQueue(rawIncidents.filter(isOpen)), [rawIncidents]);
  const ids = useMemo(() => incidents.map((incident) => incident.id), [incidents]);
  const activity = useMemo(() => activityByIncident(data?.actions ?? []), [data?.actions]);
  const selection = resolveSelection(ids, stored.id, stored.index);

  // Remember where the selection is now, so it survives the row moving or leaving.
  useEffect(() => {
    if (selection.id !== stored.id || selection.index !== stored.index) {
      if (selection.id !== null || data) select(selection);
    }
  }, [selection.id, selection.index, stored.id, stored.index, select, data]);

  const selected = selection.index === -1 ? null : (incidents[selection.index] ?? null);
  return { incidents, ids, activity, selection, selected };
}
