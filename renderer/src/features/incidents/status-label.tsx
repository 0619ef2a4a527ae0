/**
 * Status and urgency as words and icons as well as colour, so they read the same for
 * everyone, in light and dark, and on a screen reader.
 */
import { Badge, Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconCircleCheck, IconUserCheck } from '@tabler/icons-react';
import type { IncidentStatus, Urgency } from '../../../../shared/domain/incident';
import './status-label.css';

const STATUS = {
  triggered: { label: 'Triggered', color: 'red', Icon: IconAlertTriangle },
  acknowledged: { label: 'Acknowledged', color: 'yellow', Icon: IconUserCheck },
  resolved: { label: 'Resolved', color: 'green', Icon: IconCircleCheck },
} as const;

export function StatusBadge({ status, pendingLabel }: { status: IncidentStatus; pendingLabel?: string | null }) {
  if (pendingLabel) {
    return (
      <Group gap={6} wrap="nowrap" pl={4}>
        <Loader size={12} />
        <Text span size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {pendingLabel}
        </Text>
      </Group>
    );
  }
  const { label, color, Icon } = STATUS[status];
  return (
    <Badge
      variant="light"
      color={color}
      size="sm"
      leftSection={<Icon size={12} stroke={2} aria-hidden />}
      styles={{ label: { textTransform: 'none', letterSpacing: 0 } }}
    >
      {label}
    </Badge>
  );
}

/** Plain elements (styled in status-label.css): the queue draws one per visible row. */
export function UrgencyLabel({ urgency }: { urgency: Urgency }) {
  const high = urgency === 'high';
  const Icon = high ? IconArrowUp : IconArrowDown;
  return (
    <span className="urgency-label" data-urgency={urgency}>
      <Icon size={14} stroke={2} aria-hidden />
      {high ? 'High' : 'Low'}
    </span>
  );
}
