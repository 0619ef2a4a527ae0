/**
 * The open queue as the table and the shortcuts see it: the visible incidents (filtered,
 * searched and sorted by the user's remembered preferences), their pending and failed
 * actions and linked tickets, which rows changed since the user last looked, the
 * effective cursor and the multi-selection (both kept by incident id).
 *
 * A live update costs one filter and one sort of ready-made keys; when it leaves the
 * visible ids as they were (status changes), `visibleIds` keeps its identity, so the
 * table's id index, scroll anchoring and row callbacks have nothing to redo.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { isOpen, type Incident } from '../../../../shared/domain/incident';
import { useSnapshot } from '../../state/use-snapshot';
import { useUiStore } from '../../state/ui-store';
import { resolveSelection, type Selection } from '../../state/selection';
import { everyPagingListRead } from '../../state/first-load';
import { idsOf } from '../../state/id-index';
import { activityByIncident, type IncidentActivity } from '../actions/incident-activity';
import { filterIncidents } from '../queue/queue-filter';
import { createQueueSorter } from '../queue/queue-sort';
import { filterContext, priorityRanks } from '../queue/filter-options';
import { createChangedIncidents, type ChangeKind } from '../queue/changed-marker';
import { useDirectory } from '../queue/use-directory';
import { useQueuePrefs } from '../queue/use-queue-prefs';
import { useSeen } from '../queue/use-seen';
import { ticketsByIncident, type TicketIndex } from '../queue/ticket-index';

export interface QueueView {
  /** The visible incidents, filtered and sorted, in display order. */
  incidents: Incident[];
  /** Their ids, in display order (pass these to moveCursor/setCursor/extendSelection). */
  visibleIds: readonly string[];
  /** @deprecated alias of visibleIds. */
  ids: readonly string[];
  /** Every open incident, whatever the filters (bulk actions and counts). */
  open: Incident[];
  activity: Map<string, IncidentActivity>;
  /** Incident id -> linked ticket. */
  tickets: TicketIndex;
  /** Open incidents new or updated since the user last viewed them. */
  changed: ReadonlyMap<string, ChangeKind>;
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
  const directory = useDirectory().data;
  const stored = useUiStore((state) => state.cursor);
  const rememberCursor = useUiStore((state) => state.rememberCursor);
  const selectedIds = useUiStore((state) => state.selectedIds);
  const retainSelected = useUiStore((state) => state.retainSelected);
  // Deferred: typing in the search box stays responsive while a large queue re-filters.
  const filter = useDeferredValue(useQueuePrefs((state) => state.filter));
  const sort = useQueuePrefs((state) => state.sort);
  const seen = useSeen((state) => state.seen);
  const syncSeen = useSeen((state) => state.sync);
  const markSeen = useSeen((state) => state.markSeen);

  const rawIncidents = data?.incidents ?? EMPTY;
  const meId = data?.workspace.me?.id ?? null;
  const tickets = ticketsByIncident(data?.tickets);
  // The snapshot holds the open queue (apply-event drops resolved ones): copy only if it must.
  const open = useMemo(() => (rawIncidents.every(isOpen) ? rawIncidents : rawIncidents.filter(isOpen)), [rawIncidents]);
  // Tickets matter to the filter only for "has no ticket" and the search, and to the sort
  // only for the ticket column: otherwise a ticket update does not re-filter or re-sort.
  const filterTickets = filter.withoutTicket || filter.search.trim() !== '' ? tickets : undefined;
  const context = useMemo(() => ({ ...filterContext(meId, directory), tickets: filterTickets }), [meId, directory, filterTickets]);
  const ranks = useMemo(() => priorityRanks(directory), [directory]);
  const sortTickets = sort.column === 'ticket' ? tickets : undefined;
  const filtered = useMemo(() => filterIncidents(open, filter, context), [open, filter, context]);
  const [sortQueue] = useState(createQueueSorter);
  const incidents = useMemo(
    () => sortQueue(filtered, sort, { priorityRank: ranks, tickets: sortTickets }),
    [sortQueue, filtered, sort, ranks, sortTickets],
  );
  const lastIds = useRef<readonly string[] | null>(null);
  // The last ids, read to hand back the same array when nothing moved (its identity is what
  // keeps the rows from re-rendering); nothing renders from the ref itself.
  // eslint-disable-next-line react-hooks/refs
  const ids = useMemo(() => idsOf(incidents, lastIds.current), [incidents]);
  useEffect(() => {
    lastIds.current = ids;
  }, [ids]);
  const activity = useMemo(() => activityByIncident(data?.actions ?? []), [data?.actions]);
  const [changedFor] = useState(createChangedIncidents);
  const changed = useMemo(() => changedFor(open, seen), [changedFor, open, seen]);
  const cursor = resolveSelection(ids, stored.id, stored.index);

  // Remember where the cursor is now, so it survives the row moving or leaving.
  useEffect(() => {
    if (cursor.id !== stored.id || cursor.index !== stored.index) {
      if (cursor.id !== null || data) rememberCursor({ id: cursor.id, index: cursor.index });
    }
  }, [cursor.id, cursor.index, stored.id, stored.index, rememberCursor, data]);

  // Selected incidents that left the queue (resolved) are no longer selected; the seen
  // map follows the queue (the first run counts everything as seen) once the whole list is in:
  // during a first load, pruning would forget what the user saw of the incidents still to come.
  const wholeListRead = data ? everyPagingListRead(data.connections) : false;
  useEffect(() => {
    if (!data) return;
    if (selectedIds.length > 0) retainSelected(new Set(open.map((incident) => incident.id)));
    if (wholeListRead) syncSeen(open);
  }, [open, data, selectedIds.length, retainSelected, syncSeen, wholeListRead]);

  const selected = cursor.index === -1 ? null : (incidents[cursor.index] ?? null);

  // The row the user puts the cursor on counts as viewed.
  useEffect(() => {
    if (selected && changed.has(selected.id)) markSeen([selected]);
  }, [selected, changed, markSeen]);

  return { incidents, visibleIds: ids, ids, open, activity, tickets, changed, cursor, selection: cursor, selected, selectedIds };
}
