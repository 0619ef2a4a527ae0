/** A request's state badge and its live SLA countdown. */
import { Badge, Text } from '@mantine/core';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { useNow } from '../../state/use-now';
import { STATE_COLOR, STATE_LABEL, slaCountdown, type SlaTone } from './request-model';

export function StateBadge({ state }: { state: SpecialistRequest['state'] }) {
  return (
    <Badge size="sm" variant="light" color={STATE_COLOR[state]} style={{ flexShrink: 0 }}>
      {STATE_LABEL[state]}
    </Badge>
  );
}

const TONE_COLOR: Record<SlaTone, string> = { ok: 'dimmed', soon: 'orange', overdue: 'red', paused: 'dimmed', done: 'teal' };

export function SlaCountdownText({ request, size = 'xs' }: { request: Pick<SpecialistRequest, 'state' | 'sla'>; size?: 'xs' | 'sm' }) {
  const now = useNow(1_000);
  const countdown = slaCountdown(request, now);
  return (
    <Text
      size={size}
      c={TONE_COLOR[countdown.tone]}
      fw={countdown.tone === 'overdue' ? 600 : undefined}
      component="span"
      data-sla-tone={countdown.tone}
    >
      {countdown.text}
    </Text>
  );
}
