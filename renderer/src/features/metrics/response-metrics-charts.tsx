/**
 * The two charts of the response-metrics view: time to acknowledge and time to resolve,
 * median and p90, one horizontal bar pair per service or team (the busiest first).
 */
import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import '@mantine/charts/styles.css';
import { formatDuration } from '../../../../shared/rules/format-duration';
import type { ResponseFigures } from '../../../../shared/rules/response-metrics';
import { chartRows, CHART_SUBJECT_LIMIT, durationTicks, type ChartRow } from './metrics-model';

const SERIES = [
  { name: 'median', label: 'Median', color: 'indigo.5' },
  { name: 'p90', label: '90th percentile', color: 'orange.5' },
];
const ROW_HEIGHT = 34;
const AXIS_HEIGHT = 56;

const minutesText = (minutes: number) => formatDuration(minutes * 60_000);

function DurationChart({ title, description, rows, label }: { title: string; description: string; rows: ChartRow[]; label: string }) {
  const ticks = durationTicks(rows);
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={label}>
      <Title order={3} size="h6">
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="xs" component="figcaption">
        {description}
      </Text>
      <BarChart
        h={Math.max(160, rows.length * ROW_HEIGHT + AXIS_HEIGHT)}
        data={rows}
        dataKey="subject"
        series={SERIES}
        orientation="vertical"
        valueFormatter={minutesText}
        withLegend
        legendProps={{ verticalAlign: 'top', height: 32 }}
        yAxisProps={{ width: 150, interval: 0 }}
        xAxisProps={{ ticks, domain: [0, ticks[ticks.length - 1] ?? 1], interval: 0 }}
        gridAxis="y"
        maxBarWidth={12}
        barChartProps={{ barGap: 2, barCategoryGap: '22%', margin: { right: 20 } }}
        tooltipAnimationDuration={150}
      />
    </Paper>
  );
}

export function ResponseMetricsCharts({ figures, subjectNoun }: { figures: ResponseFigures[]; subjectNoun: 'service' | 'team' }) {
  const shown = Math.min(figures.length, CHART_SUBJECT_LIMIT);
  const which = figures.length > shown ? `the ${shown} busiest of ${figures.length} ${subjectNoun}s` : `each ${subjectNoun}`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <DurationChart
        title="Time to acknowledge"
        description={`From trigger to first acknowledgement, ${which}.`}
        rows={chartRows(figures, 'timeToAcknowledge')}
        label={`Time to acknowledge by ${subjectNoun}`}
      />
      <DurationChart
        title="Time to resolve"
        description={`From trigger to resolution, ${which}.`}
        rows={chartRows(figures, 'timeToResolve')}
        label={`Time to resolve by ${subjectNoun}`}
      />
    </SimpleGrid>
  );
}
