/**
 * The two actions that ask for words: Resolve (with an optional resolution note) and Add
 * note. Ctrl/Cmd+Enter submits; Esc cancels. Queue shortcuts are off while one is open.
 */
import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useUiStore } from '../../state/ui-store';
import type { Incident } from '../../../../shared/domain/incident';
import { useIncidentActions } from './use-incident-actions';

export function ActionDialogs({ incidents }: { incidents: readonly Incident[] }) {
  const dialog = useUiStore((state) => state.dialog);
  const closeDialog = useUiStore((state) => state.closeDialog);
  const incident = dialog ? incidents.find((i) => i.id === dialog.incidentId) : undefined;
  return (
    <Modal
      opened={dialog !== null}
      onClose={closeDialog}
      title={dialog?.kind === 'resolve' ? 'Resolve incident' : 'Add note'}
      size="lg"
      returnFocus
    >
      {dialog && (
        <DialogBody
          key={`${dialog.kind}:${dialog.incidentId}`}
          kind={dialog.kind}
          incidentId={dialog.incidentId}
          title={incident?.title ?? dialog.incidentId}
          onDone={closeDialog}
        />
      )}
    </Modal>
  );
}

interface DialogBodyProps {
  kind: 'resolve' | 'note';
  incidentId: string;
  title: string;
  onDone(): void;
}

function DialogBody({ kind, incidentId, title, onDone }: DialogBodyProps) {
  const [text, setText] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const actions = useIncidentActions();
  const needsText = kind === 'note';
  const canSubmit = !submitting && (!needsText || text.trim().length > 0);

  async function submit() {
    if (!canSubmit) return;
    setSubmitting(true);
    const ok = kind === 'resolve' ? await actions.resolve(incidentId, text) : await actions.addNote(incidentId, text.trim());
    setSubmitting(false);
    if (ok) onDone();
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Text>
        <Textarea
          label={kind === 'resolve' ? 'Resolution note (optional)' : 'Note'}
          placeholder={kind === 'resolve' ? 'What fixed it?' : 'What did you find or do?'}
          autosize
          minRows={4}
          maxRows={12}
          data-autofocus
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Ctrl+Enter to submit, Esc to cancel
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" color={kind === 'resolve' ? 'green' : undefined} loading={submitting} disabled={!canSubmit}>
              {kind === 'resolve' ? 'Resolve' : 'Add note'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
