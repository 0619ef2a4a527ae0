/**
 * The open queue as the table and the shortcuts see it: the visible (filtered, sorted)
 * incidents, their pending and failed actions, the effective cursor and the
 * multi-selection (both kept by incident id).
 */
import { useEffect, useMemo } from 'react';
import { isOpen, type Incident } from '../../../../shared/domain/incident';
import { useSnapshot } from '../../state/use-snapshot';
import { useUiStore } from '../../state/ui-store';
import { resolveSelection, type Selection } from '../../state/selection';
import { activityByIncident, type IncidentActivity } from '../actions/incident-activity';
import { sortQueue } from './queue-order';

export interface QueueView {
  /** The visible incidents, filtered and sorted, in display order. */
  incidents: Incident[];
  /** Their ids, in display order (pass these to moveCursor/setCursor/extendSelection). */
  visibleIds: string[];
  /** @deprecated alias of visibleIds. */
  ids: string[];
  activity: Map<string, IncidentActivity>;
  /** The cursor row, resolved against the visible rows. */
  cursor: Selection;
  /** @deprecated alias of cursor. */
  selection: Selection;
  /** The incident under the cursor. */
  selected: Incident | null;
  /** The multi-selection (may include rows hidden by filters; resolved ones are dropped). */
  selectedIds: readonly string[];
}

const EMPTY: Incident[] = [];

export function useQueue(): QueueView {
  const { data } = useSnapshot();
  const stored = useUiStore((state) => state.cursor);
  const select = useUiStore((state) => state.select);
  const selectedIds = useUiStore((state) => state.selectedIds);
  const retainSelected = useUiStore((state) => state.retainSelected);
  const rawIncidents = data?.incidents ?? EMPTY;
  const open = useMemo(() => rawIncidents.filter(isOpen), [rawIncidents]);
  const incidents = useMemo(() => sortQueue(open), [open]);
  const ids = useMemo(() => incidents.map((incident) => incident.id), [incidents]);
  const activity = useMemo(() => activityByIncident(data?.actions ?? []), [data?.actions]);
  const cursor = resolveSelection(ids, stored.id, stored.index);

  // Remember where the cursor is now, so it survives the row moving or leaving.
  useEffect(() => {
    if (cursor.id !== stored.id || cursor.index !== stored.index) {
      if (cursor.id !== null || data) select({ id: cursor.id, index: cursor.index });
    }
  }, [cursor.id, cursor.index, stored.id, stored.index, select, data]);

  // Selected incidents that left the queue (resolved) are no longer selected.
  useEffect(() => {
    if (data) retainSelected(new Set(open.map((incident) => incident.id)));
  }, [open, data, retainSelected]);

  const selected = cursor.index === -1 ? null : (incidents[cursor.index] ?? null);
  return { incidents, visibleIds: ids, ids, activity, cursor, selection: cursor, selected, selectedIds };
}
