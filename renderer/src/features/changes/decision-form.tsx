/**
 * A change manager's decision on something waiting for them (a change, a template
 * proposal): Approve, or Reject with a comment that says why (Ctrl+Enter sends it). While
 * the decision is on its way through the outbox it says so; when it failed there, why.
 * The same form for changes and templates, so both behave alike.
 */
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ActionRecord } from '../../../../shared/domain/action';
import { errorMessage } from '../../client/console-client-error';

interface DecisionFormProps {
  /** "the change", "the template": what is decided, in the words shown. */
  what: string;
  /** "Approve", "Approve template". */
  approveLabel: string;
  /** Who reads the reason, for the comment's description. */
  reasonReadBy: string;
  /** The decision on its way (or failed) in the outbox, if any. */
  action: ActionRecord | null;
  /** True when it waits for my decision: the buttons show. */
  mine: boolean;
  /** Opened by the `r` key: the comment shows at once. */
  rejectAsked: boolean;
  pending: boolean;
  error: unknown;
  send(decision: 'approved' | 'rejected', comment: string): void;
}

export function DecisionForm({ what, approveLabel, reasonReadBy, action, mine, rejectAsked, pending, error, send }: DecisionFormProps) {
  const [rejecting, setRejecting] = useState(rejectAsked);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const decide = (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      setProblem(`Say why you reject ${what}: ${reasonReadBy} reads it`);
      return;
    }
    setProblem(null);
    send(decision, comment.trim());
  };
  if (action?.state === 'pending')
    return (
      <Alert color="blue" variant="light" p="xs" role="status">
        Sending your decision on {what} through the outbox…{action.lastError ? ` (retrying: ${action.lastError})` : ''}
      </Alert>
    );
  return (
    <Stack gap="xs" component="section" aria-label="Your decision">
      {action?.state === 'failed' && (
        <Alert color="red" variant="light" p="xs" role="alert" title="Your decision did not reach the change system">
          {action.lastError}
        </Alert>
      )}
      {mine && (
        <>
          <Title order={3} size="h6" tt="uppercase" c="dimmed">
            Your decision
          </Title>
          {rejecting && (
            <Textarea
              label="Why you reject it"
              description={`${reasonReadBy[0]?.toUpperCase()}${reasonReadBy.slice(1)} reads this`}
              autosize
              minRows={2}
              autoFocus
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              error={problem}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) decide('rejected');
              }}
            />
          )}
          <Group gap="xs">
            <Button
              size="compact-sm"
              color="green"
              leftSection={<IconCheck size={14} aria-hidden />}
              loading={pending}
              onClick={() => decide('approved')}
              title={`${approveLabel} (a)`}
            >
              {approveLabel}
            </Button>
            <Button
              size="compact-sm"
              color="red"
              variant={rejecting ? 'filled' : 'light'}
              leftSection={<IconX size={14} aria-hidden />}
              loading={pending}
              onClick={() => (rejecting ? decide('rejected') : setRejecting(true))}
              title="Reject with a comment (r; Ctrl+Enter sends)"
            >
              {rejecting ? 'Reject with this comment' : 'Reject…'}
            </Button>
          </Group>
          {error != null && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(error)}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
