/**
 * The body of the response-metrics drawer: the window (last 7 or 30 days) and grouping
 * (by service or by team), the headline figures, the trend, the two bar charts on one
 * logarithmic scale and the sortable table; a bar (or a name in the table) opens the
 * incidents behind it. Loaded only when the drawer first opens, so the charting library
 * stays out of the queue's start-up bundle.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../../client/console-client-error';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import type { ResponseFigures, ResponseMetrics as Metrics } from '../../../../shared/rules/response-metrics';
import { chartRows, durationScale, figuresFor, type GroupBy, type Measure, type MetricsWindow } from './metrics-model';
import { ResponseMetricsCharts } from './response-metrics-charts';
import { IncidentsDialog } from './response-metrics-incidents';
import { ResponseMetricsTable } from './response-metrics-table';
import { ResponseMetricsTrend } from './response-metrics-trend';
import { useResponseMetrics } from './use-response-metrics';

/** `onNestedDialog` tells the drawer when the incidents dialog is open (Escape then closes only the dialog). */
export default function MetricsBody({ onNestedDialog }: { onNestedDialog?: (open: boolean) => void }) {
  const [windowDays, setWindowDays] = useState<MetricsWindow>(7);
  const [groupBy, setGroupBy] = useState<GroupBy>('service');
  const metrics = useResponseMetrics(windowDays);
  const data = metrics.data;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <SegmentedControl
            aria-label="Window"
            size="xs"
            value={String(windowDays)}
            onChange={(value) => setWindowDays(value === '30' ? 30 : 7)}
            data={[
              { value: '7', label: 'Last 7 days' },
              { value: '30', label: 'Last 30 days' },
            ]}
          />
          <SegmentedControl
            aria-label="Group by"
            size="xs"
            value={groupBy}
            onChange={(value) => setGroupBy(value === 'team' ? 'team' : 'service')}
            data={[
              { value: 'service', label: 'By service' },
              { value: 'team', label: 'By team' },
            ]}
          />
          {metrics.isFetching && <Loader size="xs" aria-label="Loading response metrics" />}
        </Group>
        {data && <PeriodText metrics={data} />}
      </Group>

      {metrics.isError && (
        <Alert color="red" title="Could not load the response metrics">
          <Text size="sm">{errorMessage(metrics.error)}</Text>
          <Button size="compact-xs" mt={6} variant="default" onClick={() => void metrics.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {metrics.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Reading incidents, acknowledgements and resolutions…</Text>
        </Group>
      )}
      {data && <MetricsContent key={groupBy} metrics={data} groupBy={groupBy} onNestedDialog={onNestedDialog} />}
    </Stack>
  );
}

function PeriodText({ metrics }: { metrics: Metrics }) {
  const format = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Text size="xs" c="dimmed">
      {format(metrics.from)} – {format(metrics.to)}
    </Text>
  );
}

interface Opened {
  subjectId: string;
  measure: Measure;
}

function MetricsContent({
  metrics,
  groupBy,
  onNestedDialog,
}: {
  metrics: Metrics;
  groupBy: GroupBy;
  onNestedDialog?: (open: boolean) => void;
}) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  useEffect(() => {
    onNestedDialog?.(dialogOpen);
  }, [dialogOpen, onNestedDialog]);
  useEffect(() => () => onNestedDialog?.(false), [onNestedDialog]);

  const figures = figuresFor(metrics, groupBy);
  const noun = groupBy === 'service' ? 'service' : 'team';
  if (metrics.overall.incidents === 0) {
    return (
      <Text size="sm" c="dimmed">
        No incidents were triggered in the last {metrics.windowDays} days.
      </Text>
    );
  }
  // One scale for the trend and both bar charts, so the same length means the same time everywhere.
  const scale = durationScale([
    ...(['timeToAcknowledge', 'timeToResolve'] as const).flatMap((measure) =>
      chartRows(figures, measure).flatMap((row) => [row.median, row.p90]),
    ),
    ...metrics.trend.buckets.flatMap((bucket) => [bucket.timeToAcknowledge.medianMs, bucket.timeToResolve.medianMs]),
  ]);
  const open = (subjectId: string, measure: Measure) => {
    setOpened({ subjectId, measure });
    setDialogOpen(true);
  };
  const openedFigures = opened ? (figures.find((each) => each.subject.id === opened.subjectId) ?? null) : null;
  return (
    <Stack gap="md">
      <Headline overall={metrics.overall} windowDays={metrics.windowDays} />
      <ResponseMetricsTrend trend={metrics.trend} scale={scale} />
      <ResponseMetricsCharts figures={figures} subjectNoun={noun} scale={scale} onOpen={open} />
      <section aria-label={`Figures by ${noun}`}>
        <Title order={3} size="h6" mb={4}>
          Figures by {noun}
        </Title>
        <ResponseMetricsTable
          figures={figures}
          overall={metrics.overall}
          subjectLabel={groupBy === 'service' ? 'Service' : 'Team'}
          onOpen={(subjectId) => open(subjectId, 'timeToResolve')}
        />
      </section>
      <IncidentsDialog
        opened={dialogOpen}
        metrics={metrics}
        figures={openedFigures}
        measure={opened?.measure ?? 'timeToResolve'}
        groupBy={groupBy}
        onMeasure={(measure) => setOpened((current) => (current ? { ...current, measure } : current))}
        onClose={() => setDialogOpen(false)}
      />
    </Stack>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </Paper>
  );
}

function Headline({ overall, windowDays }: { overall: ResponseFigures; windowDays: number }) {
  const ack = overall.timeToAcknowledge;
  const resolve = overall.timeToResolve;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label="Headline figures">
      <Stat label="Incidents" value={String(overall.incidents)} detail={`triggered in the last ${windowDays} days`} />
      <Stat label="Acknowledged" value={`${ack.count} of ${overall.incidents}`} detail={`${resolve.count} resolved`} />
      <Stat
        label="Time to acknowledge"
        value={formatDurationWords(ack.medianMs)}
        detail={`median; p90 ${formatDurationWords(ack.p90Ms)}`}
      />
      <Stat
        label="Time to resolve"
        value={formatDurationWords(resolve.medianMs)}
        detail={`median; p90 ${formatDurationWords(resolve.p90Ms)}`}
      />
    </SimpleGrid>
  );
}
