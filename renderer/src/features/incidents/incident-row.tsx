/** One row of the queue: status, urgency, priority, title, service, assignees, age. */
import { memo } from 'react';
import { Group, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import { describeAction } from '../../../../shared/domain/action';
import { pendingLabel, type IncidentActivity } from '../actions/incident-activity';
import { StatusBadge, UrgencyLabel } from './status-label';
import { AgeText } from './age-text';

export function rowDomId(incidentId: string): string {
  return `incident-row-${incidentId}`;
}

interface IncidentRowProps {
  incident: Incident;
  activity: IncidentActivity;
  selected: boolean;
  rowIndex: number;
  top: number;
  height: number;
  onPick(incidentId: string): void;
}

export const IncidentRow = memo(function IncidentRow({ incident, activity, selected, rowIndex, top, height, onPick }: IncidentRowProps) {
  const assignees = incident.assignees.map((assignee) => assignee.name).join(', ');
  return (
    <div
      role="row"
      id={rowDomId(incident.id)}
      aria-selected={selected}
      aria-rowindex={rowIndex}
      data-incident-id={incident.id}
      data-status={incident.status}
      className="queue-row"
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={() => onPick(incident.id)}
    >
      <div role="gridcell" className="queue-cell">
        <Group gap={4} wrap="nowrap">
          <StatusBadge status={incident.status} pendingLabel={activity.pending ? pendingLabel(activity.pending.request.kind) : null} />
          {activity.failed && (
            <Tooltip label={`${describeAction(activity.failed.request)} failed: ${activity.failed.lastError ?? 'unknown error'}`} multiline maw={320}>
              <IconAlertCircle size={16} color="var(--mantine-color-red-filled)" aria-label="Last action failed" role="img" />
            </Tooltip>
          )}
        </Group>
      </div>
      <div role="gridcell" className="queue-cell">
        <UrgencyLabel urgency={incident.urgency} />
      </div>
      <div role="gridcell" className="queue-cell" data-col="priority">
        {incident.priority ? (
          <Text span size="sm" fw={600}>
            {incident.priority.name}
          </Text>
        ) : (
          <Text span size="sm" c="dimmed" aria-label="No priority">
            –
          </Text>
        )}
      </div>
      <div role="gridcell" className="queue-cell queue-number" data-col="number">
        {incident.number}
      </div>
      <div role="gridcell" className="queue-cell queue-title" title={incident.title}>
        {incident.title}
      </div>
      <div role="gridcell" className="queue-cell" title={incident.service.name}>
        {incident.service.name}
      </div>
      <div role="gridcell" className="queue-cell" title={assignees}>
        {assignees || <Text span size="sm" c="dimmed">Unassigned</Text>}
      </div>
      <div role="gridcell" className="queue-cell">
        <AgeText since={incident.createdAt} />
      </div>
    </div>
  );
});
