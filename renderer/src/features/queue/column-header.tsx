/**
 * One column header of the queue: click to sort (aria-sort says how), a menu to sort,
 * move, widen, narrow or hide the column (the keyboard way to reorder and resize), drag to
 * reorder, and a handle to drag to resize. The header row is one tab stop (the first
 * column's sort button); ← and → move along its sort and options buttons.
 */
import { memo, useRef, useState, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import { ActionIcon, Menu, UnstyledButton } from '@mantine/core';
import {
  IconArrowAutofitLeft,
  IconArrowAutofitRight,
  IconArrowDown,
  IconArrowLeft,
  IconArrowRight,
  IconArrowUp,
  IconArrowsSort,
  IconChevronDown,
  IconEyeOff,
  IconSortAscending,
  IconSortDescending,
} from '@tabler/icons-react';
import { COLUMNS, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, REQUIRED_COLUMNS, type ColumnId } from './columns';
import { moveColumn, placeColumn, resizeColumn, setColumnHidden } from './column-layout';
import type { QueueSort } from './queue-sort';
import { queuePrefsStore } from './use-queue-prefs';

const DRAG_TYPE = 'application/x-oncall-column';
const RESIZE_STEP = 16;

interface ColumnHeaderProps {
  column: ColumnId;
  sort: QueueSort;
  width: number;
  isFirst: boolean;
  isLast: boolean;
}

/** Memoised: a live update re-renders the queue, not its headers (each holds a menu). */
export const ColumnHeader = memo(function ColumnHeader({ column, sort, width, isFirst, isLast }: ColumnHeaderProps) {
  const spec = COLUMNS[column];
  const [dropSide, setDropSide] = useState<'before' | 'after' | null>(null);
  const resizing = useRef<{ startX: number; startWidth: number } | null>(null);
  const sorted = sort.column === column ? sort.direction : null;
  const prefs = queuePrefsStore.getState;
  const SortIcon = sorted === 'asc' ? IconArrowUp : sorted === 'desc' ? IconArrowDown : null;

  function onDragStart(event: DragEvent) {
    if (resizing.current) {
      event.preventDefault();
      return;
    }
    event.dataTransfer.setData(DRAG_TYPE, column);
    event.dataTransfer.effectAllowed = 'move';
  }
  function sideOf(event: DragEvent): 'before' | 'after' {
    const rect = event.currentTarget.getBoundingClientRect();
    return event.clientX < rect.left + rect.width / 2 ? 'before' : 'after';
  }
  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropSide(sideOf(event));
  }
  function onDrop(event: DragEvent) {
    const dragged = event.dataTransfer.getData(DRAG_TYPE);
    setDropSide(null);
    if (!dragged || !(dragged in COLUMNS)) return;
    event.preventDefault();
    const side = sideOf(event);
    prefs().updateLayout((layout) => placeColumn(layout, dragged as ColumnId, column, side));
  }

  function onResizeStart(event: PointerEvent<HTMLDivElement>) {
    event.preventDefault();
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    resizing.current = { startX: event.clientX, startWidth: width };
  }
  function onResizeMove(event: PointerEvent<HTMLDivElement>) {
    const start = resizing.current;
    if (!start) return;
    prefs().updateLayout((layout) => resizeColumn(layout, column, start.startWidth + event.clientX - start.startX));
  }
  function onResizeEnd(event: PointerEvent<HTMLDivElement>) {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    resizing.current = null;
  }
  function resizeBy(step: number) {
    prefs().updateLayout((layout) => resizeColumn(layout, column, width + step));
  }

  return (
    <div
      role="columnheader"
      aria-label={spec.name ?? spec.label}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
      className="queue-cell queue-colheader"
      data-col={column}
      data-drop={dropSide ?? undefined}
      data-align={spec.align}
      draggable
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => setDropSide(null)}
      onDrop={onDrop}
      onDragEnd={() => setDropSide(null)}
    >
      <UnstyledButton
        className="queue-sort-button"
        data-header-stop
        tabIndex={isFirst ? 0 : -1}
        onKeyDown={moveAlongHeader}
        onClick={() => prefs().sortBy(column)}
        title={`Sort by ${(spec.name ?? spec.label).toLowerCase()}`}
      >
        <span className="queue-colheader-label">{spec.label}</span>
        {SortIcon && <SortIcon size={12} stroke={2.5} aria-hidden />}
      </UnstyledButton>
      <Menu position="bottom-start" withinPortal shadow="md" width={200}>
        <Menu.Target>
          <ActionIcon
            size="xs"
            variant="subtle"
            color="gray"
            className="queue-colmenu"
            aria-label={`${spec.name ?? spec.label} column options`}
            data-header-stop
            tabIndex={-1}
            onKeyDown={moveAlongHeader}
          >
            <IconChevronDown size={12} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconSortAscending size={14} />} onClick={() => prefs().setSort({ column, direction: 'asc' })}>
            Sort ascending
          </Menu.Item>
          <Menu.Item leftSection={<IconSortDescending size={14} />} onClick={() => prefs().setSort({ column, direction: 'desc' })}>
            Sort descending
          </Menu.Item>
          {sorted && column !== 'created' && (
            <Menu.Item leftSection={<IconArrowsSort size={14} />} onClick={() => prefs().setSort({ column: 'created', direction: 'desc' })}>
              Back to newest first
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconArrowLeft size={14} />}
            disabled={isFirst}
            onClick={() => prefs().updateLayout((l) => moveColumn(l, column, -1))}
          >
            Move left
          </Menu.Item>
          <Menu.Item
            leftSection={<IconArrowRight size={14} />}
            disabled={isLast}
            onClick={() => prefs().updateLayout((l) => moveColumn(l, column, 1))}
          >
            Move right
          </Menu.Item>
          <Menu.Item
            leftSection={<IconArrowAutofitRight size={14} />}
            closeMenuOnClick={false}
            disabled={width >= MAX_COLUMN_WIDTH}
            onClick={() => resizeBy(RESIZE_STEP)}
          >
            Wider
          </Menu.Item>
          <Menu.Item
            leftSection={<IconArrowAutofitLeft size={14} />}
            closeMenuOnClick={false}
            disabled={width <= MIN_COLUMN_WIDTH}
            onClick={() => resizeBy(-RESIZE_STEP)}
          >
            Narrower
          </Menu.Item>
          {!REQUIRED_COLUMNS.includes(column) && (
            <Menu.Item leftSection={<IconEyeOff size={14} />} onClick={() => prefs().updateLayout((l) => setColumnHidden(l, column, true))}>
              Hide column
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${spec.name ?? spec.label} column`}
        aria-valuenow={width}
        aria-valuemin={MIN_COLUMN_WIDTH}
        aria-valuemax={MAX_COLUMN_WIDTH}
        className="queue-resize"
        onPointerDown={onResizeStart}
        onPointerMove={onResizeMove}
        onPointerUp={onResizeEnd}
        onPointerCancel={onResizeEnd}
        onMouseDown={(event) => event.preventDefault()}
        onClick={(event) => event.stopPropagation()}
      />
    </div>
  );
});

/** ← and → on a header button: focus the previous or next sort or options button of the header row. */
function moveAlongHeader(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const stops = [...(event.currentTarget.closest('[role="row"]')?.querySelectorAll<HTMLElement>('[data-header-stop]') ?? [])];
  const next = stops[stops.indexOf(event.currentTarget) + (event.key === 'ArrowLeft' ? -1 : 1)];
  if (!next) return;
  event.preventDefault();
  event.stopPropagation();
  next.focus();
}
