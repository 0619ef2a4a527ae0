/**
 * The "Filters" button and its popover: status, priority, service, team, tenant,
 * "assigned to me", "my teams" and "has no ticket", and the platform when the queue spans
 * several paging platforms. The button counts the filters in force.
 */
import { memo } from 'react';
import { Badge, Button, Chip, Group, MultiSelect, Popover, Stack, Switch, Text } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { IncidentStatus } from '../../../../shared/domain/incident';
import { activeFilterCount, clearedFilters, type QueueFilter } from './queue-filter';
import type { FilterOptions } from './filter-options';
import { queuePrefsStore, useQueuePrefs } from './use-queue-prefs';

interface FiltersPopoverProps {
  options: FilterOptions;
  /** Who "me" is is known (the workspace says so). */
  hasMe: boolean;
  /** The directory loaded, so "my teams" can be worked out. */
  hasDirectory: boolean;
  /** A ticketing system is linked (some incident has a ticket), so "has no ticket" means something. */
  hasTickets: boolean;
}

const inPopover = { withinPortal: false } as const;

export const FiltersPopover = memo(function FiltersPopover({ options, hasMe, hasDirectory, hasTickets }: FiltersPopoverProps) {
  const filter = useQueuePrefs((state) => state.filter);
  const count = activeFilterCount(filter);
  const set = (patch: Partial<QueueFilter>) => queuePrefsStore.getState().setFilter(patch);

  return (
    <Popover position="bottom-start" width={340} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button
          size="xs"
          variant={count > 0 ? 'light' : 'default'}
          leftSection={<IconFilter size={14} aria-hidden />}
          rightSection={
            count > 0 ? (
              <Badge size="xs" circle>
                {count}
              </Badge>
            ) : undefined
          }
          aria-label={count > 0 ? `Filters (${count} active)` : 'Filters'}
        >
          Filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" role="group" aria-label="Filters">
          <div>
            <Text size="xs" fw={600} c="dimmed" mb={4} id="filter-status-label">
              Status
            </Text>
            <Chip.Group multiple value={filter.statuses} onChange={(value) => set({ statuses: value as IncidentStatus[] })}>
              <Group gap={6} aria-labelledby="filter-status-label" role="group">
                <Chip size="xs" value="triggered">
                  Triggered
                </Chip>
                <Chip size="xs" value="acknowledged">
                  Acknowledged
                </Chip>
              </Group>
            </Chip.Group>
          </div>
          <Group gap="lg">
            <Switch
              size="xs"
              label="Assigned to me"
              checked={filter.assignedToMe}
              disabled={!hasMe}
              onChange={(event) => set({ assignedToMe: event.currentTarget.checked })}
            />
            <Switch
              size="xs"
              label="My teams"
              checked={filter.myTeams}
              disabled={!hasMe}
              onChange={(event) => set({ myTeams: event.currentTarget.checked })}
            />
            <Switch
              size="xs"
              label="Has no ticket"
              checked={filter.withoutTicket}
              disabled={!hasTickets && !filter.withoutTicket}
              title={hasTickets ? undefined : 'No incident has a ticket yet'}
              onChange={(event) => set({ withoutTicket: event.currentTarget.checked })}
            />
          </Group>
          {filter.myTeams && !hasDirectory && (
            <Text size="xs" c="orange">
              Your teams are not known yet (the directory has not loaded), so "My teams" shows nothing for now.
            </Text>
          )}
          {(options.platforms.length > 1 || filter.platforms.length > 0) && (
            <MultiSelect
              size="xs"
              label="Platform"
              placeholder="Any platform"
              data={options.platforms}
              value={filter.platforms}
              onChange={(platforms) => set({ platforms })}
              clearable
              comboboxProps={inPopover}
            />
          )}
          <MultiSelect
            size="xs"
            label="Priority"
            placeholder="Any priority"
            data={options.priorities}
            value={filter.priorityIds}
            onChange={(priorityIds) => set({ priorityIds })}
            clearable
            comboboxProps={inPopover}
          />
          <MultiSelect
            size="xs"
            label="Service"
            placeholder="Any service"
            data={options.services}
            value={filter.serviceIds}
            onChange={(serviceIds) => set({ serviceIds })}
            searchable
            clearable
            limit={100}
            nothingFoundMessage="No service by that name"
            comboboxProps={inPopover}
          />
          <MultiSelect
            size="xs"
            label="Team"
            placeholder="Any team"
            data={options.teams}
            value={filter.teamIds}
            onChange={(teamIds) => set({ teamIds })}
            searchable
            clearable
            nothingFoundMessage="No team by that name"
            comboboxProps={inPopover}
          />
          <MultiSelect
            size="xs"
            label="Tenant"
            placeholder="Any tenant"
            data={options.tenants}
            value={filter.tenants}
            onChange={(tenants) => set({ tenants })}
            searchable
            clearable
            comboboxProps={inPopover}
          />
          <Group justify="flex-end">
            <Button size="xs" variant="subtle" disabled={count === 0} onClick={() => set(clearedFilters())}>
              Clear filters
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});
