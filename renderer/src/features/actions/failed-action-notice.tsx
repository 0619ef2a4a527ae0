/** A failed action with its error, and the two ways out: Retry or Dismiss. */
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { describeAction, type ActionRecord } from '../../../../shared/domain/action';

interface FailedActionNoticeProps {
  action: ActionRecord;
  /** Shown before the action, e.g. the incident's title in the tray. */
  subject?: string;
  onRetry(actionId: string): void;
  onDismiss(actionId: string): void;
}

export function FailedActionNotice({ action, subject, onRetry, onDismiss }: FailedActionNoticeProps) {
  const label = describeAction(action.request);
  return (
    <Alert
      color="red"
      variant="light"
      p="xs"
      icon={<IconAlertCircle size={18} />}
      title={subject ? `${label} failed: ${subject}` : `${label} failed`}
      role="alert"
    >
      <Text size="sm">{action.lastError ?? 'The last attempt failed without an explanation.'}</Text>
      <Group gap="xs" mt={6}>
        <Button size="compact-xs" color="red" onClick={() => onRetry(action.id)}>
          Retry
        </Button>
        <Button size="compact-xs" variant="default" onClick={() => onDismiss(action.id)}>
          Dismiss
        </Button>
      </Group>
    </Alert>
  );
}
