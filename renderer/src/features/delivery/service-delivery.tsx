/**
 * One service's delivery page: where its code lives and what deploys it, how fresh the
 * figures are, each environment now (the version running there, since when, deployed by
 * whom under which change, and a later attempt that failed or is still running), the
 * deployment history (failed ones marked), and the compare between any two of its
 * versions. A service with no repository mapped says so, and what to do, instead.
 */
import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconExternalLink, IconInfoCircle } from '@tabler/icons-react';
import type { DeliveryServiceSummary, EnvironmentNow, ServiceDeployment, SourceFreshness } from '../../../../shared/domain/delivery';
import { errorMessage } from '../../client/console-client-error';
import { useNow } from '../../state/use-now';
import { safeTicketUrl } from '../incidents/external-link';
import { ago, isFailedState, shortDateTime, STATE_COLOR, STATE_TEXT } from './delivery-model';
import { SourceFreshnessLines } from './source-freshness';
import { useServiceDelivery } from './use-delivery';
import { VersionCompare } from './version-compare';

interface ServiceDeliveryProps {
  service: string;
  /** The service as the list has it: shown at once, while its page loads. */
  listed: DeliveryServiceSummary;
}

export function ServiceDelivery({ service, listed }: ServiceDeliveryProps) {
  const page = useServiceDelivery(listed.problem ? null : service);
  const summary = page.data?.summary ?? listed;
  return (
    <Stack p="md" gap="md" component="article" aria-label={`Delivery of ${service}`}>
      <ServiceHeader summary={summary} />
      {summary.problem ? (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} title={`No delivery figures for ${service}`}>
          <Text size="sm">{summary.problem}</Text>
          <Text size="sm" mt={4}>
            Map it in the workspace file’s `delivery:` section (its repository, pipeline and environments) to see what runs where.
          </Text>
        </Alert>
      ) : (
        <>
          {page.data && <SourceFreshnessLines sources={sourcesOf(page.data)} />}
          {page.isPending && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading {service}’s deployments…
              </Text>
            </Group>
          )}
          {page.isError && (
            <Alert color="red" icon={<IconAlertCircle size={16} />} title={`Could not load ${service}’s deployments`} role="alert">
              <Text size="sm">{errorMessage(page.error)}</Text>
            </Alert>
          )}
          <EnvironmentsNow environments={summary.environments} />
          {page.data && (
            <>
              <VersionCompare service={service} summary={summary} history={page.data.history} />
              <DeploymentHistory history={page.data.history} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

/** The sources this service's figures come from: its repository's host and whatever deployed it. */
function sourcesOf({
  summary,
  history,
  sources,
}: {
  summary: DeliveryServiceSummary;
  history: readonly ServiceDeployment[];
  sources: readonly SourceFreshness[];
}) {
  const used = new Set<string>(history.map((deployment) => deployment.source));
  if (summary.repository) used.add(summary.repository.provider);
  return sources.filter((source) => used.has(source.source));
}

function ServiceHeader({ summary }: { summary: DeliveryServiceSummary }) {
  const repository = summary.repository ? safeTicketUrl(summary.repository.url) : null;
  return (
    <div>
      <Title order={2} size="h3">
        {summary.service}
      </Title>
      <dl className="detail-fields detail-fields-compact">
        <dt>Repository</dt>
        <dd>
          {summary.repository ? (
            repository ? (
              <Anchor href={repository} target="_blank" rel="noopener noreferrer" size="xs">
                {summary.repository.name} <IconExternalLink size={11} aria-hidden />
              </Anchor>
            ) : (
              summary.repository.name
            )
          ) : (
            'none mapped'
          )}
        </dd>
        <dt>Deployed by</dt>
        <dd>{summary.pipeline ?? 'no pipeline named'}</dd>
        <dt>Teams</dt>
        <dd>{summary.teams.length > 0 ? summary.teams.map((team) => team.name).join(', ') : 'none known'}</dd>
        {summary.dependsOn.length > 0 && (
          <>
            <dt>Depends on</dt>
            <dd>{summary.dependsOn.join(', ')}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** "CHG0030012 (normal)", or that it went out without one. */
function changeText(deployment: ServiceDeployment): string {
  return deployment.change ? `${deployment.change.record.number} (${deployment.change.type})` : 'no change';
}

function deployer(deployment: ServiceDeployment): string {
  return deployment.creator ?? 'not said';
}

function EnvironmentsNow({ environments }: { environments: readonly EnvironmentNow[] }) {
  const now = useNow(30_000);
  return (
    <section aria-labelledby="delivery-environments-title">
      <Title order={3} size="h5" id="delivery-environments-title" mb={4}>
        Environments now
      </Title>
      {environments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No deployment of this service has been read yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" verticalSpacing={6} aria-labelledby="delivery-environments-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Environment</Table.Th>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Since</Table.Th>
                <Table.Th scope="col">Deployed by</Table.Th>
                <Table.Th scope="col">Change</Table.Th>
                <Table.Th scope="col">Latest attempt</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {environments.map((environment) => {
                const current = environment.current;
                const latest = environment.latest;
                const later = latest && latest.key !== current?.key ? latest : null;
                return (
                  <Table.Tr key={environment.environment} data-environment={environment.environment}>
                    <Table.Th scope="row" fw={500}>
                      {environment.environment}
                      {environment.production && (
                        <Badge size="xs" variant="outline" color="indigo" ml={6}>
                          production
                        </Badge>
                      )}
                    </Table.Th>
                    {current ? (
                      <>
                        <Table.Td>
                          <code>{current.ref}</code>
                        </Table.Td>
                        <Table.Td title={shortDateTime(current.succeededAt ?? current.createdAt, now)}>
                          {ago(current.succeededAt ?? current.createdAt, now)}
                        </Table.Td>
                        <Table.Td>{deployer(current)}</Table.Td>
                        <Table.Td>{changeText(current)}</Table.Td>
                      </>
                    ) : (
                      <Table.Td colSpan={4} c="dimmed">
                        Nothing has succeeded here yet.
                      </Table.Td>
                    )}
                    <Table.Td>
                      {later ? (
                        <Group gap={4} wrap="nowrap">
                          <code>{later.ref}</code>
                          <Badge size="xs" variant="light" color={STATE_COLOR[later.state]}>
                            {STATE_TEXT[later.state]}
                          </Badge>
                          <Text size="xs" c="dimmed" span>
                            {ago(later.stateAt, now)}
                          </Text>
                        </Group>
                      ) : (
                        <Text size="xs" c="dimmed" span>
                          the one running
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** How many commits a production deployment brought (read once it reached production), or why not. */
function commitsCell(deployment: ServiceDeployment): { text: string; title: string } {
  const range = deployment.range;
  if (!range) return { text: '–', title: deployment.production ? 'Not read yet' : 'Counted for production deployments' };
  if (!range.traceable) return { text: 'untraceable', title: range.reason ?? 'Its commits cannot be traced' };
  return {
    text: String(range.totalCommits),
    title: range.from ? `Since ${range.from}` : 'The first version the console knows',
  };
}

function DeploymentHistory({ history }: { history: readonly ServiceDeployment[] }) {
  const now = useNow(30_000);
  const failed = history.filter((deployment) => isFailedState(deployment.state)).length;
  return (
    <section aria-labelledby="delivery-history-title">
      <Group gap="xs" mb={4} align="baseline">
        <Title order={3} size="h5" id="delivery-history-title">
          Deployment history
        </Title>
        <Text size="xs" c="dimmed">
          {history.length === 0
            ? 'none read yet'
            : `the latest ${history.length}, newest first${failed > 0 ? `; ${failed} failed, marked` : ''}`}
        </Text>
      </Group>
      {history.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table fz="sm" verticalSpacing={4} highlightOnHover aria-labelledby="delivery-history-title" className="delivery-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Environment</Table.Th>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Deployer</Table.Th>
                <Table.Th scope="col">Change</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  Commits
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.map((deployment) => {
                const commits = commitsCell(deployment);
                const failedHere = isFailedState(deployment.state);
                return (
                  <Table.Tr key={deployment.key} data-failed={failedHere ? 'true' : undefined}>
                    <Table.Td title={ago(deployment.createdAt, now)} style={{ whiteSpace: 'nowrap' }}>
                      {shortDateTime(deployment.createdAt, now)}
                    </Table.Td>
                    <Table.Td>{deployment.environment}</Table.Td>
                    <Table.Td>
                      <code>{deployment.ref}</code>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        size="xs"
                        variant={failedHere ? 'filled' : 'light'}
                        color={STATE_COLOR[deployment.state]}
                        title={deployment.vendorState}
                      >
                        {STATE_TEXT[deployment.state]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{deployer(deployment)}</Table.Td>
                    <Table.Td c={deployment.change ? undefined : 'dimmed'}>{changeText(deployment)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }} title={commits.title}>
                      {commits.text}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
