/** The incident's log entries as a timeline, newest first. */
import { Text, Timeline } from '@mantine/core';
import type { LogEntry } from '../../../../shared/domain/incident';
import { formatTimestamp } from './format-time';

const BULLET_COLOR: Record<string, string> = {
  trigger: 'red',
  acknowledge: 'yellow',
  resolve: 'green',
  annotate: 'blue',
};

export function IncidentTimeline({ entries }: { entries: LogEntry[] }) {
  if (entries.length === 0) return <Text size="sm" c="dimmed">Nothing logged yet.</Text>;
  const newestFirst = [...entries].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <Timeline bulletSize={12} lineWidth={2}>
      {newestFirst.map((entry) => (
        <Timeline.Item key={entry.id} color={BULLET_COLOR[entry.type] ?? 'gray'}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {entry.summary}
          </Text>
          <Text size="xs" c="dimmed">
            {formatTimestamp(entry.createdAt)}
            {entry.agent ? ` · ${entry.agent.name}` : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
