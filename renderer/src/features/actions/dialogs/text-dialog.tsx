/**
 * Resolve (with an optional resolution note) and Add note. Ctrl/Cmd+Enter submits. A note
 * for several incidents is one addNote action per incident (the API takes one at a time);
 * resolving several is one action.
 */
import { useState } from 'react';
import { useTypeahead } from '../action-store';
import { Stack, Textarea } from '@mantine/core';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';

export function TextDialog({ kind, incidentIds, onDone }: DialogBodyProps & { kind: 'resolve' | 'addNote' }) {
  const [text, setText] = useState('');
  useTypeahead((typed) => setText((current) => current + typed));
  const [submitting, setSubmitting] = useState(false);
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const needsText = kind === 'addNote';
  const canSubmit = !submitting && (!needsText || text.trim().length > 0);

  async function submit() {
    if (!canSubmit) return;
    setSubmitting(true);
    let ok = true;
    if (kind === 'resolve') {
      ok = await actions.resolve(incidentIds, text);
    } else {
      for (const id of incidentIds) ok = (await actions.addNote(id, text.trim())) && ok;
    }
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
        <TargetSummary targets={targets} />
        <Textarea
          label={kind === 'resolve' ? 'Resolution note (optional)' : 'Note'}
          placeholder={kind === 'resolve' ? 'What fixed it?' : 'What did you find or do?'}
          autosize
          minRows={4}
          maxRows={12}
          data-autofocus
          autoFocus
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        <DialogFooter
          hint="Ctrl+Enter to submit, Esc to cancel"
          submitLabel={kind === 'resolve' ? 'Resolve' : 'Add note'}
          submitColor={kind === 'resolve' ? 'green' : undefined}
          submitting={submitting}
          canSubmit={canSubmit}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
