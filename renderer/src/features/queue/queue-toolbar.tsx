/**
 * The bar above the queue: the views selector, search, urgency, the filters and columns
 * menus, how many rows show, what changed since the user last looked, and a single
 * selected row ("1 selected"; from two on, the bulk action bar says how many). Below it,
 * the filters in force as removable pills.
 */
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { Button, CloseButton, Group, Pill, SegmentedControl, Text } from '@mantine/core';
import type { Directory } from '../../../../shared/domain/directory';
import type { Incident } from '../../../../shared/domain/incident';
import { useUiStore } from '../../state/ui-store';
import { positionOf } from '../../state/id-index';
import type { ColumnId } from './columns';
import { ColumnsMenu } from './columns-menu';
import { FiltersPopover } from './filters-popover';
import { createFilterOptionsMemo, type FilterOptions } from './filter-options';
import { NONE, activeFilterCount, clearedFilters, type QueueFilter } from './queue-filter';
import { SearchInput } from './search-input';
import { ViewsMenu } from './views-menu';
import { queuePrefsStore, useQueuePrefs } from './use-queue-prefs';
import { useSnapshotPart } from '../../state/use-snapshot';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { firstLoadProgress, firstLoadText } from '../../state/first-load';

const NO_CONNECTIONS: readonly ConnectionStatus[] = [];

interface QueueToolbarProps {
  open: readonly Incident[];
  shownCount: number;
  changedCount: number;
  selectedIds: readonly string[];
  visibleIds: readonly string[];
  directory: Directory | undefined;
  hasMe: boolean;
  /** Some incident has a linked ticket. */
  hasTickets: boolean;
  droppedForWidth: readonly ColumnId[];
  onMarkAllSeen(): void;
}

type UrgencyChoice = 'all' | 'high' | 'low';

export function QueueToolbar(props: QueueToolbarProps) {
  const { open, shownCount, changedCount, selectedIds, visibleIds, directory, hasMe, hasTickets, droppedForWidth, onMarkAllSeen } = props;
  const filter = useQueuePrefs((state) => state.filter);
  const clearSelected = useUiStore((state) => state.clearSelected);
  const [filterOptionsFor] = useState(createFilterOptionsMemo);
  // What the pickers offer can trail a live update by a moment: worked out after the rows are drawn.
  const deferredOpen = useDeferredValue(open);
  const connections = useSnapshotPart((snapshot) => snapshot.connections) ?? NO_CONNECTIONS;
  const options = useMemo(
    () => filterOptionsFor(deferredOpen, directory, connections),
    [filterOptionsFor, deferredOpen, directory, connections],
  );
  // From two selected rows on, the bulk action bar (features/actions) shows the count.
  const singleSelected = selectedIds.length === 1 ? selectedIds[0]! : null;
  const singleHidden = singleSelected !== null && positionOf(visibleIds, singleSelected) === -1;
  // The first load under way: how far it has got instead of a count that is still growing.
  const loading = firstLoadProgress(connections);

  return (
    <div className="queue-toolbar-wrap">
      <div className="queue-toolbar" role="toolbar" aria-label="Queue filters and views">
        <Group gap="xs" wrap="nowrap" className="queue-toolbar-main">
          <ViewsMenu />
          <SearchInput />
          <UrgencyControl urgencies={filter.urgencies} />
          <FiltersPopover options={options} hasMe={hasMe} hasDirectory={directory !== undefined} hasTickets={hasTickets} />
          <ColumnsMenu droppedForWidth={droppedForWidth} />
        </Group>
        <Group gap="sm" wrap="nowrap" className="queue-toolbar-status">
          {singleSelected !== null && (
            <Group gap={4} wrap="nowrap" className="queue-selected" role="status" aria-label="1 selected">
              <Text size="sm" fw={600} aria-hidden>
                1 selected
              </Text>
              {singleHidden && (
                <Text size="xs" c="dimmed" aria-hidden>
                  (not shown)
                </Text>
              )}
              <Button size="compact-xs" variant="subtle" onClick={clearSelected}>
                Clear
              </Button>
            </Group>
          )}
          {changedCount > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={onMarkAllSeen}
              title="Mark everything as seen"
              aria-label={`${changedCount} changed since you last looked; mark all as seen`}
            >
              {changedCount} changed
            </Button>
          )}
          <Text size="xs" c="dimmed" className="queue-count" aria-live="polite" data-testid="queue-count">
            {loading ? firstLoadText(loading) : shownCount === open.length ? `${open.length} open` : `${shownCount} of ${open.length} open`}
          </Text>
        </Group>
      </div>
      <FilterPills filter={filter} options={options} />
    </div>
  );
}

/** All, high or low urgency: a shortcut for the urgency filter. */
const UrgencyControl = memo(function UrgencyControl({ urgencies }: { urgencies: QueueFilter['urgencies'] }) {
  const urgency: UrgencyChoice = urgencies.length === 1 ? urgencies[0]! : 'all';
  return (
    <SegmentedControl
      size="xs"
      aria-label="Urgency"
      value={urgency}
      onChange={(value) => queuePrefsStore.getState().setFilter({ urgencies: value === 'all' ? [] : [value as 'high' | 'low'] })}
      data={URGENCY_CHOICES}
    />
  );
});

const URGENCY_CHOICES = [
  { value: 'all', label: 'All' },
  { value: 'high', label: 'High' },
  { value: 'low', label: 'Low' },
];

/** The filters in force, each removable, so a narrowed queue never looks like a quiet one. */
const FilterPills = memo(function FilterPills({ filter, options }: { filter: QueueFilter; options: FilterOptions }) {
  if (activeFilterCount(filter) === 0) return null;
  const set = (patch: Partial<QueueFilter>) => queuePrefsStore.getState().setFilter(patch);
  const names = (values: readonly string[], from: { value: string; label: string }[], none: string) =>
    values.map((value) => (value === NONE ? none : (from.find((option) => option.value === value)?.label ?? value))).join(', ');
  const pills: { key: string; label: string; clear(): void }[] = [];
  if (filter.statuses.length)
    pills.push({ key: 'status', label: `Status: ${filter.statuses.map(capitalise).join(', ')}`, clear: () => set({ statuses: [] }) });
  if (filter.urgencies.length)
    pills.push({ key: 'urgency', label: `Urgency: ${filter.urgencies.map(capitalise).join(', ')}`, clear: () => set({ urgencies: [] }) });
  if (filter.priorityIds.length)
    pills.push({
      key: 'priority',
      label: `Priority: ${names(filter.priorityIds, options.priorities, 'none')}`,
      clear: () => set({ priorityIds: [] }),
    });
  if (filter.serviceIds.length)
    pills.push({
      key: 'service',
      label: `Service: ${names(filter.serviceIds, options.services, 'none')}`,
      clear: () => set({ serviceIds: [] }),
    });
  if (filter.teamIds.length)
    pills.push({ key: 'team', label: `Team: ${names(filter.teamIds, options.teams, 'none')}`, clear: () => set({ teamIds: [] }) });
  if (filter.tenants.length)
    pills.push({ key: 'tenant', label: `Tenant: ${names(filter.tenants, options.tenants, 'none')}`, clear: () => set({ tenants: [] }) });
  if (filter.platforms.length)
    pills.push({
      key: 'platform',
      label: `Platform: ${names(filter.platforms, options.platforms, 'none')}`,
      clear: () => set({ platforms: [] }),
    });
  if (filter.assignedToMe) pills.push({ key: 'me', label: 'Assigned to me', clear: () => set({ assignedToMe: false }) });
  if (filter.myTeams) pills.push({ key: 'teams', label: 'My teams', clear: () => set({ myTeams: false }) });
  if (filter.withoutTicket) pills.push({ key: 'ticket', label: 'Has no ticket', clear: () => set({ withoutTicket: false }) });
  return (
    <div className="queue-pills" role="group" aria-label="Filters in force">
      {pills.map((pill) => (
        <Pill
          key={pill.key}
          withRemoveButton
          onRemove={pill.clear}
          removeButtonProps={{ 'aria-label': `Remove filter ${pill.label}`, 'aria-hidden': false, tabIndex: 0 }}
          size="sm"
        >
          {pill.label}
        </Pill>
      ))}
      <CloseButton size="xs" aria-label="Clear all filters" title="Clear all filters" onClick={() => set(clearedFilters())} />
    </div>
  );
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
