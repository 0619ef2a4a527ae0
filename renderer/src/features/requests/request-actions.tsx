/**
 * The buttons for what the viewer can do to a request now (request-model.ts decides),
 * and the small dialog for the ones that carry text: a comment, a question to the
 * requester, a reply, a rejection's reason, a resolution note.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { errorMessage } from '../../client/console-client-error';
import { ACTION_LABEL, actionNeedsText, requestActions, type RequestAction, type Viewer } from './request-model';
import { useActOnRequest } from './use-requests';

const ACTION_COLOR: Partial<Record<RequestAction, string>> = { approve: 'teal', resolve: 'teal', reject: 'red', cancel: 'gray' };
const PRIMARY: ReadonlySet<RequestAction> = new Set(['claim', 'approve', 'resolve', 'retry', 'reply']);

const PROMPT: Partial<Record<RequestAction, { title: string; label: string; confirm: string }>> = {
  comment: { title: 'Comment', label: 'Comment (the requester and the team see it)', confirm: 'Add comment' },
  'ask-requester': { title: 'Ask the requester', label: 'What do you need to know?', confirm: 'Ask' },
  reply: { title: 'Reply', label: 'Your answer', confirm: 'Send reply' },
  reject: { title: 'Reject', label: 'Why (the requester sees it)', confirm: 'Reject' },
  approve: { title: 'Approve', label: 'Comment (optional)', confirm: 'Approve' },
  resolve: { title: 'Resolve', label: 'What was done (optional)', confirm: 'Resolve' },
  cancel: { title: 'Cancel the request', label: 'Why (optional)', confirm: 'Cancel request' },
};

export function RequestActions({ request, viewer }: { request: SpecialistRequest; viewer: Viewer }) {
  const act = useActOnRequest(viewer);
  const [prompt, setPrompt] = useState<RequestAction | null>(null);
  const [text, setText] = useState('');
  const actions = requestActions(request, viewer);

  function run(action: RequestAction, withText = '') {
    act.mutate({ requestId: request.id, action, text: withText }, { onSuccess: () => setPrompt(null) });
  }

  function start(action: RequestAction) {
    act.reset();
    if (actionNeedsText(action) === 'none') run(action);
    else {
      setText('');
      setPrompt(action);
    }
  }

  const promptInfo = prompt ? PROMPT[prompt] : undefined;
  const textRequired = prompt ? actionNeedsText(prompt) === 'required' : false;

  return (
    <Stack gap="xs">
      {actions.length > 0 && (
        <Group gap={6} role="toolbar" aria-label="Request actions">
          {actions.map((action) => (
            <Button
              key={action}
              size="compact-sm"
              variant={PRIMARY.has(action) ? 'filled' : 'default'}
              color={ACTION_COLOR[action]}
              loading={act.isPending && act.variables?.action === action && prompt === null}
              disabled={act.isPending}
              onClick={() => start(action)}
            >
              {ACTION_LABEL[action]}
            </Button>
          ))}
        </Group>
      )}
      {act.isError && prompt === null && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} role="alert" py="xs">
          <Text size="sm">{errorMessage(act.error)}</Text>
        </Alert>
      )}
      <Modal opened={prompt !== null} onClose={() => setPrompt(null)} title={promptInfo?.title} size="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (prompt && (!textRequired || text.trim())) run(prompt, text.trim());
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={promptInfo?.label}
              autosize
              minRows={3}
              maxRows={10}
              data-autofocus
              required={textRequired}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
              }}
            />
            {act.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} role="alert" py="xs">
                <Text size="sm">{errorMessage(act.error)}</Text>
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setPrompt(null)}>
                Back
              </Button>
              <Button type="submit" color={prompt ? ACTION_COLOR[prompt] : undefined} loading={act.isPending} disabled={textRequired && !text.trim()}>
                {promptInfo?.confirm}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
