/** The incident's escalation policy, level by level, with who is on call at each right now. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { EscalationPath } from '../../../../shared/domain/incident';
import { useNow } from '../../state/use-now';
import { formatShiftEnd } from '../oncall/on-call-groups';

export function EscalationSection({ escalation }: { escalation: EscalationPath | null }) {
  const now = useNow(30_000);
  if (!escalation)
    return (
      <Text size="sm" c="dimmed">
        No escalation policy.
      </Text>
    );
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {escalation.policy.name}
      </Text>
      {escalation.levels.map((level) => {
        const current = level.level === escalation.currentLevel;
        return (
          <Group key={level.level} gap="xs" align="flex-start" wrap="nowrap" aria-current={current ? 'step' : undefined}>
            <Badge size="sm" variant={current ? 'filled' : 'default'} color={current ? 'orange' : undefined} style={{ flexShrink: 0 }}>
              Level {level.level}
              {current ? ' · now' : ''}
            </Badge>
            <Stack gap={0} style={{ minWidth: 0 }}>
              {level.onCall.length === 0 && (
                <Text size="sm" c="dimmed">
                  Nobody on call
                </Text>
              )}
              {level.onCall.map((person) => (
                <Text key={person.user.id} size="sm">
                  {person.user.name}{' '}
                  <Text span size="xs" c="dimmed">
                    {formatShiftEnd(person.until, now)}
                  </Text>
                </Text>
              ))}
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}
