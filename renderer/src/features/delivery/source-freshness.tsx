/**
 * How fresh the delivery figures are, one line per source: "GitHub read 2 min ago", or,
 * for a source that cannot be read, for how long, why, and how old its figures are
 * ("GitHub could not be read for 12 min: …; figures as of 14:02"). Nothing is lost while a
 * source is down: the engine catches up when it answers again.
 */
import { Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockPause } from '@tabler/icons-react';
import type { SourceFreshness } from '../../../../shared/domain/delivery';
import { useNow } from '../../state/use-now';
import { freshnessText } from './delivery-model';

export function SourceFreshnessLines({ sources }: { sources: readonly SourceFreshness[] }) {
  const now = useNow(15_000);
  if (sources.length === 0) return null;
  return (
    <ul className="delivery-freshness" aria-label="Where the figures come from">
      {sources.map((source) => {
        const Icon = source.state === 'ok' ? IconCircleCheck : source.state === 'error' ? IconAlertTriangle : IconClockPause;
        return (
          <li key={source.source}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Icon size={14} aria-hidden className={`delivery-freshness-icon delivery-freshness-${source.state}`} />
              <Text size="xs" c={source.state === 'error' ? 'red' : 'dimmed'} role={source.state === 'error' ? 'status' : undefined}>
                {freshnessText(source, now)}
              </Text>
            </Group>
          </li>
        );
      })}
    </ul>
  );
}
