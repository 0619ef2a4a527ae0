/**
 * Compare two versions of a service: two selects (following production's previous and
 * current versions until the reader picks), then how the second stands to the first (ahead, behind, diverged,
 * identical), the commits it brings in and takes out (message, author, time), and the pull
 * requests they came through (number, title, author, reviewers with their verdict, merged
 * at). A version that was force-pushed away or deleted cannot be traced: the reason says so.
 */
import { useId, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowsLeftRight } from '@tabler/icons-react';
import type {
  CommitSummary,
  DeliveryServiceSummary,
  PullRequestSummary,
  ServiceDeployment,
  VersionRange,
} from '../../../../shared/domain/delivery';
import { errorMessage } from '../../client/console-client-error';
import { useNow } from '../../state/use-now';
import { safeTicketUrl } from '../incidents/external-link';
import { defaultCompare, RELATION_TEXT, shortDateTime, versionOptions } from './delivery-model';
import { useVersionCompare } from './use-delivery';

interface VersionCompareProps {
  service: string;
  summary: DeliveryServiceSummary;
  history: readonly ServiceDeployment[];
}

export function VersionCompare({ service, summary, history }: VersionCompareProps) {
  const now = useNow(60_000);
  const titleId = useId();
  const options = versionOptions(history, now);
  // Until the reader picks, the compare follows production's previous and current versions as new deployments arrive.
  const [picked, setPicked] = useState<{ from: string | null; to: string | null } | null>(null);
  const { from, to } = picked ?? defaultCompare(summary, history) ?? { from: null, to: null };
  const setFrom = (value: string | null) => setPicked({ from: value, to });
  const setTo = (value: string | null) => setPicked({ from, to: value });
  const compare = useVersionCompare(service, from, to);
  const selectData = [{ value: '', label: 'Pick a version', disabled: true }, ...options];

  return (
    <section aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId} mb={4}>
        Compare two versions
      </Title>
      {options.length < 2 ? (
        <Text size="sm" c="dimmed">
          {options.length === 0
            ? 'No version of this service has been read yet.'
            : `Only one version is known (${options[0]?.value}): nothing to compare it with yet.`}
        </Text>
      ) : (
        <Stack gap="sm">
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NativeSelect
              label="From"
              size="xs"
              data={selectData}
              value={from ?? ''}
              onChange={(event) => setFrom(event.currentTarget.value || null)}
              w={260}
            />
            <Tooltip label="Swap the two versions">
              <ActionIcon variant="default" size="md" aria-label="Swap the two versions" onClick={() => setPicked({ from: to, to: from })}>
                <IconArrowsLeftRight size={14} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <NativeSelect
              label="To"
              size="xs"
              data={selectData}
              value={to ?? ''}
              onChange={(event) => setTo(event.currentTarget.value || null)}
              w={260}
            />
            {compare.isFetching && <Loader size="xs" role="status" aria-label="Comparing the versions" />}
          </Group>
          {compare.isError && (
            <Alert color="red" title="Could not compare the versions" role="alert">
              <Text size="sm">{errorMessage(compare.error)}</Text>
            </Alert>
          )}
          {compare.data && <CompareResult range={compare.data} now={now} />}
        </Stack>
      )}
    </section>
  );
}

function CompareResult({ range, now }: { range: VersionRange; now: number }) {
  if (!range.traceable)
    return (
      <section aria-label="Compare result">
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={20} />}
          title={`${range.from} to ${range.to} cannot be traced`}
        >
          <Text size="md" fw={500}>
            {range.reason}
          </Text>
          <Text size="sm" mt={4}>
            The change audit flags deployments of a version that cannot be traced.
          </Text>
        </Alert>
      </section>
    );
  const listed = range.commits.length < range.totalCommits ? ` (the first ${range.commits.length} listed)` : '';
  return (
    <Stack gap="sm" component="section" aria-label="Compare result">
      <Paper withBorder p="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge
            variant="light"
            color={range.relation === 'diverged' ? 'orange' : range.relation === 'behind' ? 'yellow' : 'indigo'}
            style={{ flexShrink: 0 }}
          >
            {range.relation}
          </Badge>
          <Text size="sm">
            <code>{range.to}</code> is {RELATION_TEXT[range.relation]} compared with <code>{range.from}</code>. It brings in{' '}
            {range.totalCommits} commit{range.totalCommits === 1 ? '' : 's'}
            {listed}
            {range.removedCommits.length > 0
              ? ` and takes out ${range.removedCommits.length} commit${range.removedCommits.length === 1 ? '' : 's'}`
              : ''}
            , through {range.pullRequests.length} pull request{range.pullRequests.length === 1 ? '' : 's'}.
          </Text>
        </Group>
      </Paper>
      <CommitTable title="Commits brought in" commits={range.commits} now={now} />
      {range.removedCommits.length > 0 && <CommitTable title="Commits taken out" commits={range.removedCommits} now={now} />}
      <PullRequestTable pullRequests={range.pullRequests} now={now} />
    </Stack>
  );
}

function CommitTable({ title, commits, now }: { title: string; commits: readonly CommitSummary[]; now: number }) {
  const titleId = useId();
  return (
    <div>
      <Title order={4} size="h6" id={titleId} mb={2}>
        {title}
      </Title>
      {commits.length === 0 ? (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table fz="xs" verticalSpacing={3} aria-labelledby={titleId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Commit</Table.Th>
                <Table.Th scope="col">Message</Table.Th>
                <Table.Th scope="col">Author</Table.Th>
                <Table.Th scope="col">Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {commits.map((commit) => {
                const url = safeTicketUrl(commit.url);
                return (
                  <Table.Tr key={commit.sha}>
                    <Table.Td>
                      {url ? (
                        <Anchor href={url} target="_blank" rel="noopener noreferrer" size="xs" ff="monospace">
                          {commit.sha.slice(0, 7)}
                        </Anchor>
                      ) : (
                        <code>{commit.sha.slice(0, 7)}</code>
                      )}
                    </Table.Td>
                    <Table.Td>{commit.message}</Table.Td>
                    <Table.Td>{commit.authorLogin ?? commit.author}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{shortDateTime(commit.authoredAt, now)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}

const VERDICT_TEXT: Record<PullRequestSummary['reviewers'][number]['verdict'], string> = {
  approved: 'approved',
  changes_requested: 'asked for changes',
  dismissed: 'review dismissed',
  commented: 'commented',
  requested: 'asked, not yet reviewed',
};

const VERDICT_COLOR: Record<PullRequestSummary['reviewers'][number]['verdict'], string> = {
  approved: 'green',
  changes_requested: 'red',
  dismissed: 'gray',
  commented: 'blue',
  requested: 'yellow',
};

function PullRequestTable({ pullRequests, now }: { pullRequests: readonly PullRequestSummary[]; now: number }) {
  const titleId = useId();
  return (
    <div>
      <Title order={4} size="h6" id={titleId} mb={2}>
        Pull requests
      </Title>
      {pullRequests.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: the commits came in without a pull request.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table fz="xs" verticalSpacing={3} aria-labelledby={titleId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Number</Table.Th>
                <Table.Th scope="col">Title</Table.Th>
                <Table.Th scope="col">Author</Table.Th>
                <Table.Th scope="col">Reviewers</Table.Th>
                <Table.Th scope="col">Merged</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pullRequests.map((pull) => {
                const url = safeTicketUrl(pull.url);
                return (
                  <Table.Tr key={pull.number}>
                    <Table.Td>
                      {url ? (
                        <Anchor href={url} target="_blank" rel="noopener noreferrer" size="xs">
                          #{pull.number}
                        </Anchor>
                      ) : (
                        `#${pull.number}`
                      )}
                    </Table.Td>
                    <Table.Td>{pull.title}</Table.Td>
                    <Table.Td>{pull.author ?? 'account gone'}</Table.Td>
                    <Table.Td>
                      {pull.reviewers.length === 0 ? (
                        <Text size="xs" c="dimmed" span>
                          no review
                        </Text>
                      ) : (
                        <ul className="delivery-reviewers">
                          {pull.reviewers.map((reviewer) => (
                            <li key={reviewer.login}>
                              {reviewer.login}{' '}
                              <Badge size="xs" variant="light" color={VERDICT_COLOR[reviewer.verdict]}>
                                {VERDICT_TEXT[reviewer.verdict]}
                              </Badge>
                            </li>
                          ))}
                        </ul>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {pull.mergedAt ? shortDateTime(pull.mergedAt, now) : pull.state === 'open' ? 'not merged (open)' : 'closed unmerged'}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}
