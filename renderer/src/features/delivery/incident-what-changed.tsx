/**
 * The incident detail's "What changed": the production deployments of the incident's service
 * and of the services it depends on (where the workspace's delivery mapping says so) in the
 * 24 hours before it opened, newest first, each with when ("deployed 12 min before it
 * opened"), who deployed it, the change it went out under and its commits (the first 3, then
 * "show all"); why nothing can be said when its service is not mapped, and which source is
 * not read yet or failing (its figures' age). Then the change
 * system's changes on its service that no listed deployment went out under (raised in the 24
 * hours before, or since), each opening in the Changes area: a change is listed once.
 *
 * When the catalogue has an offering that rolls back the service of the newest production
 * deployment (shared/rules/rollback-offering.ts), "Roll back to <previous version>" opens
 * its form linked to the incident, filled with the service and that version.
 */
import { raisedFrom } from '../catalogue/ask-specialist-button';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { Anchor, Badge, Button, Group, Loader, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { CHANGE_STATE_LABEL, type ChangeRequest } from '../../../../shared/domain/change';
import type { ServiceDeployment } from '../../../../shared/domain/delivery';
import type { Incident } from '../../../../shared/domain/incident';
import { rollbackFor } from '../../../../shared/rules/rollback-offering';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea } from '../catalogue/console-area';
import { useCatalogue } from '../catalogue/use-catalogue';
import { changesAroundIncident, stateColor } from '../changes/change-model';
import { useChanges } from '../changes/use-changes';
import { safeExternalUrl } from '../incidents/external-link';
import { STATE_COLOR, STATE_TEXT } from './delivery-model';
import { SourceFreshnessLines } from './source-freshness';
import './incident-what-changed.css';

/** The commits a deployment shows before "show all". */
const COMMITS_SHOWN = 3;

export type WhatChangedIncident = Pick<Incident, 'id' | 'number' | 'title' | 'service' | 'createdAt' | 'htmlUrl'>;

/** "12 min before it opened", "3 h 5 min after it opened". */
function relativeToIncident(at: string, openedAt: string): string {
  const difference = Date.parse(openedAt) - Date.parse(at);
  return `${formatDurationWords(Math.abs(difference))} ${difference >= 0 ? 'before' : 'after'} it opened`;
}

export function IncidentWhatChanged({ incident, major }: { incident: WhatChangedIncident; major: boolean }) {
  const { client } = useConsole();
  // Moving through the queue with the detail open should not read for every incident passed.
  const [settledId] = useDebouncedValue(incident.id, 200);
  // Under the Delivery area's root key: its deliveryChanged listener reads it again too.
  const changed = useQuery({
    queryKey: ['delivery', 'incident-changes', incident.id],
    queryFn: () => client.call('getIncidentChanges', { incidentId: incident.id }),
    enabled: settledId === incident.id,
    retry: 1,
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
  const changeSystem = useChanges(7);
  const catalogue = useCatalogue();
  const deployments = changed.data?.deployments ?? [];
  const listedChangeIds = new Set(deployments.flatMap((deployment) => (deployment.change ? [deployment.change.id] : [])));
  const otherChanges =
    changeSystem.data && changeSystem.data.system !== null
      ? changesAroundIncident(changeSystem.data.changes, incident).filter((change) => !listedChangeIds.has(change.id))
      : null;
  const rollback = catalogue.data ? rollbackFor(catalogue.data.catalogue.offerings, deployments) : null;

  return (
    <Stack gap="md">
      <Stack gap="xs" component="section" aria-label="What changed">
        <Group gap={6}>
          <Title order={3} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            What changed
          </Title>
          {changed.data && (
            <Badge size="xs" variant="default" circle={deployments.length < 10}>
              {deployments.length}
            </Badge>
          )}
        </Group>
        {changed.isPending && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Reading the deployments before it opened…
            </Text>
          </Group>
        )}
        {changed.isError && (
          <Group gap="xs">
            <Text size="sm" c="red">
              Could not read what changed: {errorMessage(changed.error)}
            </Text>
            <Button size="compact-xs" variant="default" onClick={() => void changed.refetch()} aria-label="Try again to read what changed">
              Try again
            </Button>
          </Group>
        )}
        {changed.data?.problem && (
          <Text size="sm" c="dimmed">
            {changed.data.problem}
          </Text>
        )}
        {changed.data && !changed.data.problem && (
          <>
            <Text size="xs" c="dimmed">
              Production deployments of {servicesText(changed.data.services)} in the 24 hours before it opened, newest first.
              {unmappedText(changed.data.services)}
            </Text>
            {/* A source not read yet, or failing: "nothing deployed" may only mean "not known yet". */}
            <SourceFreshnessLines sources={changed.data.sources.filter((source) => source.state !== 'ok')} />
            {rollback && (
              <Stack gap={2} align="flex-start">
                <Button
                  size="compact-sm"
                  variant="light"
                  color="orange"
                  style={{ flexShrink: 0 }}
                  leftSection={<IconArrowBackUp size={14} aria-hidden />}
                  onClick={() =>
                    useConsoleArea.getState().openCatalogue({
                      offeringId: rollback.offering.id,
                      raiseFrom: { ...raisedFrom(incident, major), given: { offeringId: rollback.offering.id, inputs: rollback.inputs } },
                    })
                  }
                >
                  Roll back to {rollback.to}
                </Button>
                <Text size="xs" c="dimmed">
                  {rollback.service} in {rollback.environment} runs {rollback.from}: {rollback.offering.title}
                </Text>
              </Stack>
            )}
            {deployments.length === 0 ? (
              <Text size="sm" c="dimmed">
                No production deployment in the 24 hours before it opened.
              </Text>
            ) : (
              <ol className="what-changed-list">
                {deployments.map((deployment) => (
                  <DeploymentItem
                    key={deployment.key}
                    deployment={deployment}
                    openedAt={changed.data.openedAt}
                    dependency={changed.data.services.some((service) => service.dependency && same(service.service, deployment.service))}
                  />
                ))}
              </ol>
            )}
          </>
        )}
      </Stack>
      {otherChanges && <ChangesWithoutDeployment incident={incident} changes={otherChanges} matched={listedChangeIds.size > 0} />}
    </Stack>
  );
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** "Payments API", "Checkout Web and the service it depends on (Payments API)". */
function servicesText(services: readonly { service: string; dependency: boolean; mapped: boolean }[]): string {
  const own = services.filter((service) => !service.dependency).map((service) => service.service);
  const dependencies = services.filter((service) => service.dependency && service.mapped).map((service) => service.service);
  if (dependencies.length === 0) return own.join(', ');
  return `${own.join(', ')} and the ${dependencies.length === 1 ? 'service' : 'services'} it depends on (${dependencies.join(', ')})`;
}

/** " Not known: Ledger Database (no repository mapped)." for dependencies the delivery mapping lacks. */
function unmappedText(services: readonly { service: string; dependency: boolean; mapped: boolean }[]): string {
  const unmapped = services.filter((service) => service.dependency && !service.mapped).map((service) => service.service);
  return unmapped.length ? ` Not known: ${unmapped.join(', ')} (no repository mapped).` : '';
}

function DeploymentItem({ deployment, openedAt, dependency }: { deployment: ServiceDeployment; openedAt: string; dependency: boolean }) {
  const openChanges = useConsoleArea((state) => state.openChanges);
  const logUrl = deployment.logUrl ? safeExternalUrl(deployment.logUrl) : null;
  return (
    <li className="what-changed-item" data-deployment-key={deployment.key} aria-label={`${deployment.service} ${deployment.ref}`}>
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600}>
          {deployment.service}
        </Text>
        {dependency && (
          <Badge size="xs" variant="outline" color="gray">
            dependency
          </Badge>
        )}
        <Text size="sm">
          {deployment.environment} · <code>{deployment.ref}</code>
        </Text>
        {deployment.state !== 'success' && deployment.state !== 'inactive' && (
          <Badge size="xs" variant="light" color={STATE_COLOR[deployment.state]}>
            {STATE_TEXT[deployment.state]}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        deployed {relativeToIncident(deployment.createdAt, openedAt)}
        {deployment.creator ? ` by ${deployment.creator}` : ''}
        {logUrl && (
          <>
            {' · '}
            <Anchor href={logUrl} target="_blank" rel="noopener noreferrer" size="xs">
              log
            </Anchor>
          </>
        )}
      </Text>
      <Text size="xs">
        {deployment.change ? (
          <>
            Change{' '}
            <UnstyledButton
              className="what-changed-change"
              onClick={() => openChanges('changes', deployment.change?.id ?? null)}
              aria-label={`Open change ${deployment.change.record.number}`}
            >
              {deployment.change.record.number}
            </UnstyledButton>{' '}
            · {deployment.change.type} · {deployment.change.vendorState || CHANGE_STATE_LABEL[deployment.change.state]}
          </>
        ) : (
          <Text span size="xs" c="red">
            No change matches this deployment
          </Text>
        )}
      </Text>
      <Commits deployment={deployment} />
    </li>
  );
}

function Commits({ deployment }: { deployment: ServiceDeployment }) {
  const [all, setAll] = useState(false);
  const range = deployment.range;
  if (!range)
    return (
      <Text size="xs" c="dimmed">
        Its commits are not read yet.
      </Text>
    );
  if (!range.traceable)
    return (
      <Text size="xs" c="dimmed">
        Its commits cannot be traced: {range.reason}
      </Text>
    );
  if (range.commits.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {range.from ? `No commits since ${range.from}.` : 'The first deployment the console knows: nothing to compare it with.'}
      </Text>
    );
  const shown = all ? range.commits : range.commits.slice(0, COMMITS_SHOWN);
  const hidden = range.commits.length - shown.length;
  const unlisted = range.totalCommits - range.commits.length;
  return (
    <div>
      <Text size="xs" c="dimmed">
        {range.totalCommits} {range.totalCommits === 1 ? 'commit' : 'commits'}
        {range.from ? ` since ${range.from}` : ''}
        {range.relation === 'behind' ? ' (a rollback: it takes them out)' : ''}:
      </Text>
      <ul className="what-changed-commits" aria-label={`Commits of ${deployment.service} ${deployment.ref}`}>
        {shown.map((commit) => (
          <li key={commit.sha}>
            <Text size="xs" span>
              {commit.message}
            </Text>{' '}
            <Text size="xs" span c="dimmed">
              {commit.author}
            </Text>
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <Button size="compact-xs" variant="subtle" onClick={() => setAll(true)} aria-label={`Show all ${range.commits.length} commits`}>
          Show all ({hidden} more)
        </Button>
      )}
      {all && unlisted > 0 && (
        <Text size="xs" c="dimmed">
          and {unlisted} more not listed here: compare the versions in Delivery.
        </Text>
      )}
    </div>
  );
}

/** The change system's changes on the service that no listed deployment went out under, as the Changes section always showed them. */
function ChangesWithoutDeployment({
  incident,
  changes,
  matched,
}: {
  incident: Pick<Incident, 'service' | 'createdAt'>;
  changes: readonly ChangeRequest[];
  matched: boolean;
}) {
  const openChanges = useConsoleArea((state) => state.openChanges);
  return (
    <Stack gap="xs" component="section" aria-label="Changes">
      <Group gap={6}>
        <Title order={3} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          Changes
        </Title>
        <Badge size="xs" variant="default" circle={changes.length < 10}>
          {changes.length}
        </Badge>
      </Group>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {matched
            ? `No other changes to ${incident.service.name} in the 24 hours before this incident, or since.`
            : `No changes to ${incident.service.name} in the 24 hours before this incident, or since.`}
        </Text>
      ) : (
        changes.map((change) => (
          <UnstyledButton key={change.id} onClick={() => openChanges('changes', change.id)} className="incident-change">
            {/* Named by what it shows (axe: the visible text is part of the name), after what it does. */}
            <VisuallyHidden>Open change </VisuallyHidden>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" truncate>
                <Text span fw={500}>
                  {change.record.number}
                </Text>{' '}
                {change.type} · {change.service.name} {change.deployment.version} · <code>{change.deployment.commit.slice(0, 7)}</code>
              </Text>
              <Badge size="xs" variant="light" color={stateColor(change)} style={{ flexShrink: 0 }}>
                {change.vendorState || CHANGE_STATE_LABEL[change.state]}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {`raised ${relativeToIncident(change.createdAt, incident.createdAt)}${change.closeCode ? ` · closed ${change.closeCode.replace('_', ' ')}` : ''}`}
            </Text>
          </UnstyledButton>
        ))
      )}
    </Stack>
  );
}
