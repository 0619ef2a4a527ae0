/** An incident's age that keeps itself current, with the exact time on hover. */
import { Tooltip } from '@mantine/core';
import { useNow } from '../../state/use-now';
import { formatAge, formatTimestamp } from './format-time';

export function AgeText({ since }: { since: string }) {
  const now = useNow(1_000);
  return (
    <Tooltip label={`Created ${formatTimestamp(since)}`} openDelay={400}>
      <time dateTime={since} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {formatAge(since, now)}
      </time>
    </Tooltip>
  );
}
