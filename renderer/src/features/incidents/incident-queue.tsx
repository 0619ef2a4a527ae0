/**
 * The open incident queue: an ARIA grid with a sticky header and a virtualised body, so
 * thousands of rows cost what the visible few cost. Columns follow the user's layout
 * (order, visibility, widths), dropping the least useful ones when the window is too
 * narrow. The cursor and the selection follow incidents, not indexes, and the rows in
 * view stay put when rows above them come and go.
 *
 * Live updates must fit in a frame: the scroll position and viewport height are kept
 * from scroll and resize events (reading them after React changed the DOM would force a
 * layout), row callbacks keep their identity, and memoised rows re-render only when their
 * own incident, ticket, activity, selection or marker changed.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { QUEUE_HEADER_HEIGHT, QUEUE_ROW_HEIGHT } from '../../theme';
import { useUiStore } from '../../state/ui-store';
import { positionOf } from '../../state/id-index';
import { activityFor } from '../actions/incident-activity';
import { COLUMNS, type ColumnId } from '../queue/columns';
import { columnWidth, fitColumns, visibleColumns } from '../queue/column-layout';
import { ColumnHeader } from '../queue/column-header';
import { captureAnchor, restoreScrollTop, type ScrollAnchor } from '../queue/scroll-anchor';
import { useSeenTracking } from '../queue/use-seen-tracking';
import { isEmptyFilter } from '../queue/queue-filter';
import { queuePrefsStore, useQueuePrefs } from '../queue/use-queue-prefs';
import type { QueueView } from './use-queue';
import { IncidentRow, rowDomId } from './incident-row';
import { QueueEmptyState } from './queue-empty-state';
import { useFocusTarget } from '../commands/focus-targets';
import { usePlatformMarks } from '../queue/use-platform-marks';
import { platformLook } from '../queue/platforms';
import './incident-queue.css';

/** Checkbox and changed marker. */
const LEAD_WIDTH = 44;
const COLUMN_GAP = 8;
const ROW_PADDING = 24;

/** The title's width when the window is too narrow for its usual one. */
const MIN_TITLE_WIDTH = 120;

/** A column's grid track: fixed, or at least its width and a share of the spare room. */
function track(id: ColumnId, width: number): string {
  const grow = COLUMNS[id].grow;
  return grow ? `minmax(${width}px, ${grow}fr)` : `${width}px`;
}

interface IncidentQueueProps {
  queue: QueueView;
  loading: boolean;
  /** Told which chosen columns did not fit the width (for the columns menu). */
  onFit?(dropped: ColumnId[]): void;
}

export function IncidentQueue({ queue, loading, onFit }: IncidentQueueProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // ↓ in the search box sends focus here (use-queue-shortcuts.ts).
  const focusRef = useFocusTarget('queue');
  const setCursor = useUiStore((state) => state.setCursor);
  const toggleSelected = useUiStore((state) => state.toggleSelected);
  const setSelected = useUiStore((state) => state.setSelected);
  const openDetail = useUiStore((state) => state.openDetail);
  const layout = useQueuePrefs((state) => state.layout);
  const sort = useQueuePrefs((state) => state.sort);
  const filter = useQueuePrefs((state) => state.filter);
  const { incidents, visibleIds, activity, tickets, cursor, selectedIds, changed, open } = queue;
  const platforms = usePlatformMarks();
  const [width, setWidth] = useState(0);
  // The scroll element's scrollTop and viewport height, as of the last scroll or resize.
  const metrics = useRef({ scrollTop: 0, viewportPx: 0 });

  // Which of the chosen columns fit; how tall the viewport is.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      metrics.current = { scrollTop: element.scrollTop, viewportPx: element.clientHeight - QUEUE_HEADER_HEIGHT };
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const chosen = useMemo(() => visibleColumns(layout), [layout]);
  const { shown, dropped } = useMemo(
    () => fitColumns(chosen, (id) => columnWidth(layout, id), width > 0 ? width - LEAD_WIDTH - ROW_PADDING : Infinity, COLUMN_GAP),
    [chosen, layout, width],
  );
  const droppedKey = dropped.join();
  useEffect(() => onFit?.(droppedKey ? (droppedKey.split(',') as ColumnId[]) : []), [droppedKey, onFit]);
  // When only the columns a narrow window keeps are left and still do not fit, the title gives way (down to a minimum).
  const othersPx =
    LEAD_WIDTH +
    ROW_PADDING +
    shown.reduce((sum, id) => (id === 'title' ? sum + COLUMN_GAP : sum + columnWidth(layout, id) + COLUMN_GAP), 0);
  const titlePx =
    width > 0 ? Math.max(MIN_TITLE_WIDTH, Math.min(columnWidth(layout, 'title'), width - othersPx)) : columnWidth(layout, 'title');
  const widthOf = (id: ColumnId) => (id === 'title' ? titlePx : columnWidth(layout, id));
  const template = [`${LEAD_WIDTH}px`, ...shown.map((id) => track(id, widthOf(id)))].join(' ');
  const minWidth = othersPx + (shown.includes('title') ? titlePx : 0);

  // TanStack Virtual returns functions that change without a new object: the React Compiler
  // leaves this component as it is written (nothing here relies on it memoising).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 12,
    scrollMargin: QUEUE_HEADER_HEIGHT,
    scrollPaddingStart: QUEUE_HEADER_HEIGHT,
    // No getItemKey: rows have a fixed height and React keys them by incident id, so the
    // default index keys do, and a live update does not rebuild 5,000 measurements.

    // Let React batch scroll updates with everything else instead of forcing a sync render.
    useFlushSync: false,
  });

  // Scroll anchoring: remember what is in view; after the rows change, put it back.
  const anchor = useRef<{ anchor: ScrollAnchor | null; atTop: boolean }>({ anchor: null, atTop: true });
  const capture = useCallback(() => {
    const { scrollTop, viewportPx } = metrics.current;
    anchor.current = {
      anchor: captureAnchor(visibleIds, scrollTop, viewportPx, QUEUE_ROW_HEIGHT, cursor.id),
      atTop: scrollTop <= 0,
    };
  }, [visibleIds, cursor.id]);
  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (element) metrics.current = { ...metrics.current, scrollTop: element.scrollTop };
    capture();
  }, [capture]);
  const viewKey = useRef({ sort, filter });
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const viewChanged = viewKey.current.sort !== sort || viewKey.current.filter !== filter;
    viewKey.current = { sort, filter };
    if (viewChanged) {
      // A new filter or sort: show the cursor row if it is still there, else the top.
      if (cursor.index >= 0) virtualizer.scrollToIndex(cursor.index, { align: 'center' });
      else setScrollTop(element, 0);
    } else {
      const top = restoreScrollTop(anchor.current.anchor, visibleIds, QUEUE_ROW_HEIGHT, anchor.current.atTop);
      if (top !== null && Math.abs(metrics.current.scrollTop - top) >= 1) setScrollTop(element, top);
    }
    capture();
    // Only when the rows change: the cursor moving is handled below, and the view's sort
    // and filter are compared with the last ones inside.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visibleIds]);
  function setScrollTop(element: HTMLElement, top: number) {
    element.scrollTop = top;
    metrics.current = { ...metrics.current, scrollTop: top };
  }

  // Keep the cursor row in view when the user moves it.
  const lastCursor = useRef(cursor.id);
  useEffect(() => {
    if (cursor.id === lastCursor.current) return;
    lastCursor.current = cursor.id;
    if (cursor.index >= 0) virtualizer.scrollToIndex(cursor.index, { align: 'auto' });
    capture();
  }, [cursor.id, cursor.index, virtualizer, capture]);

  useSeenTracking({ scrollRef, incidents, changed, rowPx: QUEUE_ROW_HEIGHT, headerPx: QUEUE_HEADER_HEIGHT });

  // The latest visible ids for clicks, so `pick` keeps its identity and rows stay memoised.
  const visibleIdsRef = useRef(visibleIds);
  useLayoutEffect(() => {
    visibleIdsRef.current = visibleIds;
  }, [visibleIds]);
  const pick = useCallback(
    (incidentId: string, event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey) {
        toggleSelected(incidentId);
        return;
      }
      setCursor(incidentId, visibleIdsRef.current);
      openDetail();
    },
    [setCursor, toggleSelected, openDetail],
  );

  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const visibleSelected = useMemo(
    () => (selected.size === 0 ? 0 : selectedIds.filter((id) => positionOf(visibleIds, id) !== -1).length),
    [visibleIds, selected, selectedIds],
  );
  const allShownSelected = visibleIds.length > 0 && visibleSelected === visibleIds.length;
  function toggleAllShown() {
    if (allShownSelected) {
      const shownIds = new Set(visibleIds);
      setSelected(selectedIds.filter((id) => !shownIds.has(id)));
    } else {
      setSelected([...selectedIds, ...visibleIds]);
    }
  }

  const nothingMatches = incidents.length === 0 && open.length > 0;
  return (
    <div
      ref={focusRef}
      className="queue"
      role="grid"
      aria-label="Open incidents"
      aria-rowcount={incidents.length + 1}
      aria-colcount={shown.length + 1}
      aria-multiselectable
      aria-activedescendant={cursor.id && cursor.index >= 0 ? rowDomId(cursor.id) : undefined}
      aria-busy={loading}
      tabIndex={0}
      style={{ ['--queue-columns' as string]: template, ['--queue-min-width' as string]: `${minWidth}px` }}
    >
      <div className="queue-scroll" ref={scrollRef} onScroll={onScroll}>
        <div role="rowgroup" className="queue-head">
          <div role="row" aria-rowindex={1} className="queue-row queue-header">
            <div role="columnheader" aria-label="Selection" className="queue-cell queue-lead">
              <input
                type="checkbox"
                className="queue-checkbox"
                aria-label="Select all shown incidents"
                checked={allShownSelected}
                ref={(element) => {
                  if (element) element.indeterminate = visibleSelected > 0 && !allShownSelected;
                }}
                disabled={visibleIds.length === 0}
                onChange={toggleAllShown}
                tabIndex={-1}
              />
            </div>
            {shown.map((column, index) => (
              <ColumnHeader
                key={column}
                column={column}
                sort={sort}
                width={columnWidth(layout, column)}
                isFirst={index === 0}
                isLast={index === shown.length - 1}
              />
            ))}
          </div>
        </div>
        <div role="rowgroup" className="queue-body">
          {incidents.length === 0 ? (
            <div role="row" className="queue-empty">
              <div role="gridcell" aria-colspan={shown.length + 1}>
                <QueueEmptyState
                  loading={loading}
                  nothingMatches={nothingMatches}
                  filtered={!isEmptyFilter(filter)}
                  onClearFilters={() => queuePrefsStore.getState().clearFilters()}
                />
              </div>
            </div>
          ) : (
            <div className="queue-body-inner" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const incident = incidents[item.index]!;
                const isChecked = selected.has(incident.id);
                const isCursor = incident.id === cursor.id;
                return (
                  <IncidentRow
                    key={incident.id}
                    incident={incident}
                    activity={activityFor(activity, incident.id)}
                    ticket={tickets.get(incident.id) ?? null}
                    columns={shown}
                    cursor={isCursor}
                    checked={isChecked}
                    targeted={selectedIds.length > 0 ? isChecked : isCursor}
                    changed={changed.get(incident.id) ?? null}
                    platform={incident.provider === platforms.primary ? null : platformLook(incident.provider, platforms.connections)}
                    stale={platforms.stale.get(incident.provider) ?? null}
                    rowIndex={item.index + 2}
                    top={item.start - QUEUE_HEADER_HEIGHT}
                    height={item.size}
                    onPick={pick}
                    onToggle={toggleSelected}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
