/**
 * The open incident queue: an ARIA grid with a virtualised body, so thousands of rows
 * cost what the visible few cost. The selected row follows the incident, not the index.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { QUEUE_ROW_HEIGHT } from '../../theme';
import { useUiStore } from '../../state/ui-store';
import { activityFor } from '../actions/incident-activity';
import type { QueueView } from './use-queue';
import { IncidentRow, rowDomId } from './incident-row';
import './incident-queue.css';

const COLUMNS = [
  { key: 'status', label: 'Status' },
  { key: 'urgency', label: 'Urgency' },
  { key: 'priority', label: 'Priority' },
  { key: 'number', label: '#' },
  { key: 'title', label: 'Title' },
  { key: 'service', label: 'Service' },
  { key: 'assignees', label: 'Assigned to' },
  { key: 'age', label: 'Age' },
];

export function IncidentQueue({ queue, loading }: { queue: QueueView; loading: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const select = useUiStore((state) => state.select);
  const openDetail = useUiStore((state) => state.openDetail);
  const { incidents, activity, selection } = queue;

  const virtualizer = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => incidents[index]?.id ?? index,
  });

  // Keep the selected row in view as it moves (keys, or live updates above it).
  useEffect(() => {
    if (selection.index >= 0) virtualizer.scrollToIndex(selection.index, { align: 'auto' });
  }, [selection.index, selection.id, virtualizer]);

  const pick = useCallback(
    (incidentId: string) => {
      const index = incidents.findIndex((incident) => incident.id === incidentId);
      select({ id: incidentId, index });
      openDetail();
    },
    [incidents, select, openDetail],
  );

  return (
    <div
      className="queue"
      role="grid"
      aria-label="Open incidents"
      aria-rowcount={incidents.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selection.id ? rowDomId(selection.id) : undefined}
      aria-busy={loading}
      tabIndex={0}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="queue-row queue-header">
          {COLUMNS.map((column) => (
            <div key={column.key} role="columnheader" className="queue-cell" data-col={column.key}>
              {column.label}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="queue-body">
        {incidents.length === 0 ? (
          <div role="row" className="queue-empty">
            <div role="gridcell" aria-colspan={COLUMNS.length}>
              {loading ? 'Loading incidents…' : 'No open incidents. All quiet.'}
            </div>
          </div>
        ) : (
          <div className="queue-body-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const incident = incidents[item.index]!;
              return (
                <IncidentRow
                  key={incident.id}
                  incident={incident}
                  activity={activityFor(activity, incident.id)}
                  selected={incident.id === selection.id}
                  rowIndex={item.index + 2}
                  top={item.start}
                  height={item.size}
                  onPick={pick}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
