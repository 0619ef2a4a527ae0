/**
 * The end of a failed run's log, read through the pipeline provider (the failed job's
 * log on GitHub Actions, the job's trace on GitLab, the build's console on Jenkins), so
 * the requester sees why it failed without leaving the console; a link to the whole log.
 */
import { useEffect, useRef } from 'react';
import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconExternalLink } from '@tabler/icons-react';
import type { PipelineRun } from '../../../../shared/domain/pipeline';
import { errorMessage } from '../../client/console-client-error';
import { safeTicketUrl } from '../incidents/external-link';
import { useRunLog } from './use-requests';

export function RunLogTail({ requestId, run }: { requestId: string; run: PipelineRun }) {
  const log = useRunLog(requestId, run.id, run.finishedAt);
  const titleId = `run-log-${run.id}`;
  const pre = useRef<HTMLPreElement>(null);
  // The end is what explains a failure: show it first.
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [log.data]);
  const url = log.data?.url ? safeTicketUrl(log.data.url) : null;
  return (
    <Stack component="section" aria-labelledby={titleId} gap={6}>
      <Title id={titleId} order={3} size="h5">
        Why run {run.id} failed: the end of its log
      </Title>
      {log.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Reading the log…
          </Text>
        </Group>
      )}
      {log.isError && (
        <Alert color="orange" variant="light" icon={<IconAlertCircle size={16} />} py="xs">
          <Text size="sm">{errorMessage(log.error)}</Text>
          <Button mt={6} size="compact-xs" variant="default" onClick={() => void log.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {log.data && (
        <>
          <Text size="xs" c="dimmed">
            {log.data.lines.length < log.data.totalLines
              ? `The last ${log.data.lines.length} of ${log.data.totalLines} lines`
              : `All ${log.data.totalLines} lines`}{' '}
            of {log.data.source}
            {url && (
              <>
                {' · '}
                <Anchor href={url} target="_blank" rel="noopener noreferrer" size="xs" underline="always">
                  The whole log <IconExternalLink size={11} aria-hidden />
                </Anchor>
              </>
            )}
          </Text>
          <pre ref={pre} className="run-log" tabIndex={0} aria-label={`The end of the log of run ${run.id}`} data-run-id={run.id}>
            {log.data.lines.join('\n')}
          </pre>
        </>
      )}
    </Stack>
  );
}
