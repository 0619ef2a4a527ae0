/**
 * Status and urgency as words and icons as well as colour, so they read the same for
 * everyone, in light and dark, and on a screen reader.
 */
import { Badge, Group, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconCircleCheck, IconUserCheck } from '@tabler/icons-react';
import type { IncidentStatus, Urgency } from '../../../../shared/domain/incident';

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

export function UrgencyLabel({ urgency }: { urgency: Urgency }) {
  const high = urgency === 'high';
  const Icon = high ? IconArrowUp : IconArrowDown;
  return (
    <Group gap={4} wrap="nowrap" c={high ? 'var(--mantine-color-red-text)' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
      <Icon size={14} stroke={2} aria-hidden />
      <Text span size="sm" fw={high ? 600 : 400} c="inherit">
        {high ? 'High' : 'Low'}
      </Text>
    </Group>
  );
}
