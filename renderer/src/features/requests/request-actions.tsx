/**
 * The buttons for what the viewer can do to a request now (request-model.ts decides),
 * and the small dialog for the ones that carry text: a comment, a question to the
 * requester, a reply, a rejection's reason, a resolution note. An approval or rejection
 * repeats what is decided on (approval-summary.tsx); a retry of a self-service run opens
 * its form with the run's inputs, to fix them first (retry-dialog.tsx).
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { Offering } from '../../../../shared/domain/catalogue';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { errorMessage } from '../../client/console-client-error';
import { actionNeedsText, type RequestAction } from '../../../../shared/rules/request-permissions';
import { ACTION_LABEL, isRequester, requestActions, type Viewer } from './request-model';
import { useActOnRequest } from './use-requests';
import { ApprovalSummary } from './approval-summary';
import { RetryDialog } from './retry-dialog';

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

export function RequestActions({
  request,
  viewer,
  offering,
}: {
  request: SpecialistRequest;
  viewer: Viewer;
  offering: Offering | undefined;
}) {
  const act = useActOnRequest(viewer);
  const [prompt, setPrompt] = useState<RequestAction | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [text, setText] = useState('');
  const actions = requestActions(request, viewer);

  function run(action: RequestAction, withText = '') {
    act.mutate({ requestId: request.id, action, text: withText }, { onSuccess: () => setPrompt(null) });
  }

  function start(action: RequestAction) {
    act.reset();
    // The requester retries a self-service run from its form, so its inputs can be fixed first;
    // a specialist retries it with the inputs approved before (only the requester may change them).
    if (action === 'retry' && request.kind === 'self-service' && offering && isRequester(request, viewer)) setRetrying(true);
    else if (actionNeedsText(action) === 'none') run(action);
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
      {retrying && offering && <RetryDialog request={request} offering={offering} viewer={viewer} onClose={() => setRetrying(false)} />}
      <Modal
        opened={prompt !== null}
        onClose={() => setPrompt(null)}
        title={promptInfo?.title}
        size={prompt === 'approve' || prompt === 'reject' ? 'lg' : 'md'}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (prompt && (!textRequired || text.trim())) run(prompt, text.trim());
          }}
        >
          <Stack gap="sm">
            {(prompt === 'approve' || prompt === 'reject') && <ApprovalSummary request={request} offering={offering} />}
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
              <Button
                type="submit"
                color={prompt ? ACTION_COLOR[prompt] : undefined}
                loading={act.isPending}
                disabled={textRequired && !text.trim()}
              >
                {promptInfo?.confirm}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
