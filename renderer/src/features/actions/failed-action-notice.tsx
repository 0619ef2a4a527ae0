/**
 * A failed action with its reason, and the ways out: Retry or Dismiss; only Dismiss when it
 * was refused because someone else changed the incidents first (a retry would not help).
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { describeAction, type ActionRecord } from '../../../../shared/domain/action';

interface FailedActionNoticeProps {
  action: ActionRecord;
  /** Shown after the action, e.g. the incidents' titles in the tray. */
  subject?: string;
  /** Replaces "<action> failed", e.g. "Acknowledged in PagerDuty · ServiceNow failed" (see failedTitle). */
  headline?: string;
  onRetry(actionId: string): void;
  onDismiss(actionId: string): void;
}

export function FailedActionNotice({ action, subject, headline, onRetry, onDismiss }: FailedActionNoticeProps) {
  const label = describeAction(action.request);
  const failed = headline ?? `${label} failed`;
  return (
    <Alert
      color="red"
      variant="light"
      p="xs"
      icon={<IconAlertCircle size={18} />}
      title={subject ? `${failed}: ${subject}` : failed}
      role="alert"
      styles={{ title: { overflowWrap: 'anywhere' } }}
    >
      <Text size="sm">{action.lastError ?? 'The last attempt failed without an explanation.'}</Text>
      <Group gap="xs" mt={6}>
        {!action.refused && (
          <Button size="compact-xs" color="red" onClick={() => onRetry(action.id)} aria-label={`Retry: ${label}`}>
            Retry
          </Button>
        )}
        <Button size="compact-xs" variant="default" onClick={() => onDismiss(action.id)} aria-label={`Dismiss: ${label}`}>
          Dismiss
        </Button>
      </Group>
    </Alert>
  );
}
