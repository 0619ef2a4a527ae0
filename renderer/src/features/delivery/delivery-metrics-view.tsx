/**
 * The Delivery area's "Metrics" tab: the window (7, 30 or 90 days) and a team filter; how
 * fresh the sources are; the four DORA figures, each with its band, for everything shown or
 * one service or team; their trend; the split by change type (standard against normal: what
 * pre-approval buys); and the figures per service and per team. A missing figure says why.
 * Loaded when the tab first opens, so the charting library stays out of the start-up bundle.
 */
import { useId, useMemo, useState } from 'react';
import { Alert, Button, Group, Loader, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DeliveryServiceSummary } from '../../../../shared/domain/delivery';
import type { DeliveryMetrics } from '../../../../shared/rules/delivery-metrics';
import { errorMessage } from '../../client/console-client-error';
import { BandBadge, ChangeTypeSplitTable, figureText, FiguresTable, MEASURE_TITLE, MEASURES } from './delivery-figures';
import type { SubjectDelivery } from './delivery-model';
import { DeliveryTrend } from './delivery-trend';
import { SourceFreshnessLines } from './source-freshness';
import { notSetUp, useDeliveryMetrics, useDeliveryServices, type MetricsDays } from './use-delivery';

const ALL = 'all';

export default function DeliveryMetricsView() {
  const [days, setDays] = useState<MetricsDays>(30);
  const [team, setTeam] = useState<string | null>(null);
  const metrics = useDeliveryMetrics(days, team);
  const services = useDeliveryServices();
  const teamNames = useMemo(() => teamNamer(services.data?.services ?? []), [services.data]);
  // The team filter offers the teams of the metrics and those owning a mapped service, so it keeps them all while one team's figures show.
  const teamsNow = metrics.data?.metrics.teams;
  const teamOptions = useMemo(() => {
    const ids = new Set((teamsNow ?? []).map((subject) => subject.id));
    for (const service of services.data?.services ?? []) if (!service.problem) for (const owner of service.teams) ids.add(owner.id);
    return [...ids].map((id) => ({ value: id, label: teamNames(id) })).sort((a, b) => a.label.localeCompare(b.label));
  }, [teamsNow, services.data, teamNames]);

  return (
    <Stack gap="md" p="md">
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-end">
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            aria-label="Window"
            size="xs"
            value={String(days)}
            onChange={(value) => setDays(value === '7' ? 7 : value === '90' ? 90 : 30)}
            data={[
              { value: '7', label: 'Last 7 days' },
              { value: '30', label: 'Last 30 days' },
              { value: '90', label: 'Last 90 days' },
            ]}
          />
          <NativeSelect
            label="Team"
            size="xs"
            value={team ?? ALL}
            onChange={(event) => setTeam(event.currentTarget.value === ALL ? null : event.currentTarget.value)}
            data={[{ value: ALL, label: 'All teams' }, ...teamOptions]}
            w={220}
          />
          {metrics.isFetching && <Loader size="xs" role="status" aria-label="Loading the delivery metrics" />}
        </Group>
        {metrics.data && <PeriodText metrics={metrics.data.metrics} />}
      </Group>
      {metrics.data && <SourceFreshnessLines sources={metrics.data.sources} />}

      {metrics.isError && notSetUp(metrics.error) && (
        <Alert color="gray" title="Delivery is not set up" role="note">
          <Text size="sm">{errorMessage(metrics.error)}</Text>
        </Alert>
      )}
      {metrics.isError && !notSetUp(metrics.error) && (
        <Alert color="red" title="Could not load the delivery metrics" role="alert">
          <Text size="sm">{errorMessage(metrics.error)}</Text>
          <Button size="compact-xs" mt={6} variant="default" onClick={() => void metrics.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {metrics.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Reading deployments, changes and incidents…</Text>
        </Group>
      )}
      {metrics.data && <MetricsContent key={`${days}-${team ?? ALL}`} metrics={metrics.data.metrics} teamName={teamNames} team={team} />}
    </Stack>
  );
}

/** Team ids to names, from the services' owners (the paging platform's teams); the id when no service names it. */
function teamNamer(services: readonly DeliveryServiceSummary[]): (id: string) => string {
  const names = new Map<string, string>();
  for (const service of services) for (const team of service.teams) names.set(team.id, team.name);
  return (id) => names.get(id) ?? id;
}

function PeriodText({ metrics }: { metrics: DeliveryMetrics }) {
  const format = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Text size="xs" c="dimmed">
      {format(metrics.from)} – {format(metrics.to)} · an incident within {metrics.failureWindowHours} h of a deployment counts against it
    </Text>
  );
}

function MetricsContent({ metrics, teamName, team }: { metrics: DeliveryMetrics; teamName: (id: string) => string; team: string | null }) {
  const [subjectKey, setSubjectKey] = useState(ALL);
  const { overall } = metrics;
  const servicesTitle = useId();
  const teamsTitle = useId();
  const splitTitle = useId();
  const everything = team ? `all of ${teamName(team)}’s services` : 'all services';
  const subjects: { key: string; label: string; subject: Pick<SubjectDelivery, 'all' | 'byChangeType'> }[] = [
    { key: ALL, label: everything, subject: overall },
    ...metrics.services.map((subject) => ({ key: `service:${subject.id}`, label: subject.id, subject })),
    ...metrics.teams.map((subject) => ({ key: `team:${subject.id}`, label: `team ${teamName(subject.id)}`, subject })),
  ];
  const chosen = subjects.find((each) => each.key === subjectKey) ?? subjects[0]!;

  if (metrics.services.length === 0 && metrics.deployments.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No service is mapped for delivery{team ? ` for ${teamName(team)}` : ''}, so there are no figures. Map services in the workspace
        file’s `delivery:` section (repository, pipeline, environments).
      </Text>
    );

  return (
    <Stack gap="lg">
      <NativeSelect
        label="Figures for"
        size="xs"
        value={chosen.key}
        onChange={(event) => setSubjectKey(event.currentTarget.value)}
        data={subjects.map((each) => ({ value: each.key, label: each.label }))}
        w={300}
      />
      <Headline figures={chosen.subject.all} days={metrics.days} />
      <DeliveryTrend trend={chosen.subject.all.trend} unit={metrics.trendUnit} timeZone={metrics.timeZone} subject={chosen.label} />
      <section aria-labelledby={splitTitle}>
        <Title order={3} size="h5" id={splitTitle}>
          By change type: {chosen.label}
        </Title>
        <Text size="xs" c="dimmed" mb={4}>
          Deployments under a standard (pre-approved) change side by side with those under a normal change approved one by one: how often
          each ships, how long it takes, and how often it fails.
        </Text>
        <ChangeTypeSplitTable titleId={splitTitle} byChangeType={chosen.subject.byChangeType} />
      </section>
      <section aria-labelledby={servicesTitle}>
        <Title order={3} size="h5" id={servicesTitle} mb={4}>
          Figures by service
        </Title>
        {metrics.services.length === 0 ? (
          <Text size="sm" c="dimmed">
            No service in this selection.
          </Text>
        ) : (
          <FiguresTable title="Service" titleId={servicesTitle} subjects={metrics.services} nameOf={(subject) => subject.id} />
        )}
      </section>
      <section aria-labelledby={teamsTitle}>
        <Title order={3} size="h5" id={teamsTitle} mb={4}>
          Figures by team
        </Title>
        {metrics.teams.length === 0 ? (
          <Text size="sm" c="dimmed">
            No team owns the services shown (the paging platform names none).
          </Text>
        ) : (
          <FiguresTable
            title="Team"
            titleId={teamsTitle}
            subjects={[...metrics.teams].sort((a, b) => teamName(a.id).localeCompare(teamName(b.id)))}
            nameOf={(subject) => teamName(subject.id)}
          />
        )}
      </section>
    </Stack>
  );
}

function Headline({ figures, days }: { figures: SubjectDelivery['all']; days: number }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label="Headline figures">
      {MEASURES.map((measure) => {
        const { value, detail, reason } = figureText(figures, measure);
        return (
          <Paper key={measure} withBorder p="sm" role="group" aria-label={MEASURE_TITLE[measure]}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {MEASURE_TITLE[measure]}
            </Text>
            {value === null ? (
              <Text size="sm" mt={4}>
                {reason ?? 'No figure.'}
              </Text>
            ) : (
              <>
                <Group gap={6} align="center">
                  <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {value}
                  </Text>
                  <BandBadge band={figures[measure].band} />
                </Group>
                <Text size="xs" c="dimmed">
                  {detail} in {Math.round(days)} days
                </Text>
              </>
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
