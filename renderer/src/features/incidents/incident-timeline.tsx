/**
 * The incident's log entries as a timeline, newest first: an icon and a sentence each
 * (triggered, acknowledged, reassigned, escalated, notes with their text, snoozed,
 * responders, merged...), the time relative to now, and the local date and time below.
 * Note text is shown as people wrote it: the console's bookkeeping tags removed, its
 * bookkeeping notes (ticket claims) smaller and quieter.
 */
import { Text, Timeline, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconArrowUpRight,
  IconBell,
  IconCircleCheck,
  IconClockPause,
  IconFlag,
  IconGitMerge,
  IconNote,
  IconPoint,
  IconRotate,
  IconSpeakerphone,
  IconUserCheck,
  IconUsersPlus,
} from '@tabler/icons-react';
import type { LogEntry, Note } from '../../../../shared/domain/incident';
import { useNow } from '../../state/use-now';
import { formatRelative, formatTimestamp } from './format-time';
import { timelineItems, type TimelineKind } from './timeline-entries';

const LOOK: Record<TimelineKind, { icon: typeof IconNote; color: string }> = {
  triggered: { icon: IconAlertTriangle, color: 'red' },
  acknowledged: { icon: IconUserCheck, color: 'yellow' },
  unacknowledged: { icon: IconRotate, color: 'orange' },
  resolved: { icon: IconCircleCheck, color: 'green' },
  note: { icon: IconNote, color: 'blue' },
  reassigned: { icon: IconArrowsExchange, color: 'violet' },
  escalated: { icon: IconArrowUpRight, color: 'orange' },
  snoozed: { icon: IconClockPause, color: 'gray' },
  urgency: { icon: IconSpeakerphone, color: 'grape' },
  priority: { icon: IconFlag, color: 'grape' },
  responders: { icon: IconUsersPlus, color: 'cyan' },
  merged: { icon: IconGitMerge, color: 'teal' },
  notified: { icon: IconBell, color: 'gray' },
  other: { icon: IconPoint, color: 'gray' },
};

export function IncidentTimeline({ entries, notes = [] }: { entries: LogEntry[]; notes?: Note[] }) {
  const now = useNow(30_000);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing logged yet.
      </Text>
    );
  const items = timelineItems(entries, notes);
  return (
    <Timeline bulletSize={22} lineWidth={2} aria-label="Timeline entries">
      {items.map((item) => {
        const { icon: Icon, color } = LOOK[item.kind];
        return (
          <Timeline.Item key={item.id} color={color} bullet={<Icon size={13} aria-hidden />} data-kind={item.kind}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.sentence}
            </Text>
            {item.noteContent && (
              <Text
                size={item.bookkeeping ? 'xs' : 'sm'}
                c="dimmed"
                fs={item.bookkeeping ? 'italic' : undefined}
                mt={2}
                data-bookkeeping={item.bookkeeping || undefined}
                style={{
                  whiteSpace: 'pre-wrap',
                  overflowWrap: 'anywhere',
                  borderLeft: '2px solid var(--mantine-color-default-border)',
                  paddingLeft: 8,
                }}
              >
                {item.noteContent}
              </Text>
            )}
            <Tooltip label={new Date(item.at).toString()} openDelay={400}>
              <Text size="xs" c="dimmed" component="time" dateTime={item.at} display="block">
                {formatRelative(item.at, now)} · {formatTimestamp(item.at)}
              </Text>
            </Tooltip>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
