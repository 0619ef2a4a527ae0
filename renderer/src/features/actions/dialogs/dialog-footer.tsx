/** The buttons under a dialog: a hint, Cancel and the action's own button. */
import type { ReactNode } from 'react';
import { Button, Group, Text } from '@mantine/core';

interface DialogFooterProps {
  hint?: string;
  submitLabel: string;
  submitColor?: string;
  submitting: boolean;
  canSubmit: boolean;
  onCancel(): void;
  extra?: ReactNode;
}

export function DialogFooter({ hint, submitLabel, submitColor, submitting, canSubmit, onCancel, extra }: DialogFooterProps) {
  return (
    <Group justify="space-between" mt="xs">
      <Text size="xs" c="dimmed">
        {hint ?? 'Ctrl+Enter to submit, Esc to cancel'}
      </Text>
      <Group gap="xs">
        {extra}
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" color={submitColor} loading={submitting} disabled={!canSubmit}>
          {submitLabel}
        </Button>
      </Group>
    </Group>
  );
}
