/**
 * Status and urgency as words and icons as well as colour, so they read the same for
 * everyone, in light and dark, and on a screen reader. Plain elements styled in
 * status-label.css (looking like Mantine's light badge): the queue draws one per visible
 * row, and a live update redraws dozens at once.
 */
import { createElement } from 'react';
import { Group, Loader, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconClockPause, IconUrgent, type IconNode } from '@tabler/icons-react';
import { __iconNode as triggeredIcon } from '@tabler/icons-react/icons/IconAlertTriangle';
import { __iconNode as acknowledgedIcon } from '@tabler/icons-react/icons/IconUserCheck';
import { __iconNode as resolvedIcon } from '@tabler/icons-react/icons/IconCircleCheck';
import { formatUntil } from './format-time';
import { useNow } from '../../state/use-now';
import type { IncidentStatus, Urgency } from '../../../../shared/domain/incident';
import './status-label.css';

const STATUS: Record<IncidentStatus, { label: string; icon: IconNode }> = {
  triggered: { label: 'Triggered', icon: triggeredIcon },
  acknowledged: { label: 'Acknowledged', icon: acknowledgedIcon },
  resolved: { label: 'Resolved', icon: resolvedIcon },
};

/**
 * The status's icon (Tabler's outline drawing) in one <svg> whatever the status: when an
 * incident is acknowledged its paths are redrawn in place, where one icon component per
 * status would replace the whole <svg>, dozens at once in a live update.
 */
function StatusIcon({ icon }: { icon: IconNode }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={12}
      height={12}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="tabler-icon"
      aria-hidden
    >
      {icon.map(([tag, attrs], index) => createElement(tag, { ...attrs, key: index }))}
    </svg>
  );
}

/** The queue's and the detail's status: a pending action, snoozed until when, or the status. */
export function StatusBadge({
  status,
  pendingLabel,
  snoozedUntil,
}: {
  status: IncidentStatus;
  pendingLabel?: string | null;
  snoozedUntil?: string | null;
}) {
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
  if (snoozedUntil && status === 'acknowledged') return <SnoozedBadge until={snoozedUntil} />;
  const { label, icon } = STATUS[status];
  return (
    <span className="status-badge" data-status={status}>
      <StatusIcon icon={icon} />
      <span className="status-badge-label">{label}</span>
    </span>
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

/** The mark of a major incident, beside its status: a word, not only a colour. */
export function MajorMark({ declaring = false }: { declaring?: boolean }) {
  return (
    <span
      className="major-mark"
      data-declaring={declaring || undefined}
      title={declaring ? 'Being declared a major incident' : 'Major incident'}
    >
      <IconUrgent size={12} stroke={2} aria-hidden />
      <span>{declaring ? 'Major…' : 'Major'}</span>
    </span>
  );
}

/** "Snoozed until 15:35" (a weekday or date when not today), on the shared minute clock. */
function SnoozedBadge({ until }: { until: string }) {
  const now = useNow(60_000);
  return (
    <span className="status-badge" data-status="snoozed" title={`Snoozed: it triggers again at ${new Date(until).toLocaleString()}`}>
      <IconClockPause size={12} stroke={2} aria-hidden />
      <span className="status-badge-label">Snoozed until {formatUntil(until, now)}</span>
    </span>
  );
}
