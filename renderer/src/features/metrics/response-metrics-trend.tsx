/**
 * The trend of the response-metrics view: median time to acknowledge and to resolve of
 * the incidents triggered each day (7-day window) or week (30-day window), on the same
 * logarithmic scale as the bar charts, next to how many incidents there were. Days and
 * weeks are the reader's (the engine cuts them in the time zone the page sends); the
 * first and last are usually cut short by the window, and their count bars say so.
 * The same figures are available as a table under the charts.
 */
import { BarChart, LineChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import '@mantine/charts/styles.css';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import type { ResponseTrend } from '../../../../shared/rules/response-trend';
import { trendRows, type DurationScale, type TrendRow } from './metrics-model';

const CHART_HEIGHT = 210;

const durationText = (ms: number) => formatDurationWords(ms);

/** The tooltip's heading: what the bucket covers in full, not just its axis label. */
function bucketTitle(label: unknown, payload: ReadonlyArray<{ payload?: TrendRow }>): string {
  return payload[0]?.payload?.title ?? String(label);
}

function TrendTable({ rows, unit }: { rows: TrendRow[]; unit: 'day' | 'week' }) {
  return (
    <details className="metrics-trend-details">
      <summary>The trend as a table</summary>
      <Table fz="xs" verticalSpacing={4} mt={6} aria-label={`Trend by ${unit}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{unit === 'day' ? 'Day' : 'Week'}</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Incidents</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Median time to acknowledge</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Median time to resolve</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              <Table.Td>{row.title}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{row.incidents}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{formatDurationWords(row.ackMs)}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{formatDurationWords(row.resolveMs)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}

export function ResponseMetricsTrend({ trend, scale }: { trend: ResponseTrend; scale: DurationScale }) {
  const rows = trendRows(trend, scale);
  const unit = trend.unit;
  const tickLabel = new Map(scale.ticks.map((tick) => [tick.ms, tick.label]));
  const partial = rows.some((row) => row.partial);
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={`Trend by ${unit}`} className="metrics-chart">
      <Title order={3} size="h6">
        Trend, {unit} by {unit}
      </Title>
      <Text size="xs" c="dimmed" component="figcaption">
        The incidents triggered each {unit}: their median time to acknowledge and to resolve (logarithmic scale), and how many there were.{' '}
        {unit === 'day' ? 'Days run from midnight' : 'Weeks run from Monday'} in {trend.timeZone.replace(/_/g, ' ')} time
        {partial ? `; the window cuts the first and last ${unit} short.` : '.'}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="xs">
        <div>
          <Text size="xs" fw={600} mb={4}>
            Median times
          </Text>
          <LineChart
            h={CHART_HEIGHT}
            data={rows}
            dataKey="label"
            series={[
              { name: 'ack', label: 'Time to acknowledge', color: 'var(--metrics-ack-color)' },
              { name: 'resolve', label: 'Time to resolve', color: 'var(--metrics-resolve-color)' },
            ]}
            curveType="linear"
            connectNulls={false}
            withLegend
            legendProps={{ verticalAlign: 'top', height: 30 }}
            valueFormatter={durationText}
            yAxisProps={{
              scale: 'log',
              domain: [scale.minMs, scale.maxMs],
              ticks: scale.ticks.map((tick) => tick.ms),
              tickFormatter: (value: number) => tickLabel.get(value) ?? formatDurationWords(value),
              allowDataOverflow: true,
              interval: 0,
              width: 66,
            }}
            xAxisProps={{ interval: 0, padding: { left: 12, right: 12 } }}
            lineChartProps={{ margin: { right: 16, left: 0, top: 4, bottom: 0 } }}
            tooltipProps={{ labelFormatter: bucketTitle }}
            tooltipAnimationDuration={150}
            gridAxis="xy"
            strokeWidth={2}
          />
        </div>
        <div>
          <Text size="xs" fw={600} mb={4}>
            Incidents triggered
          </Text>
          <Group gap="md" aria-hidden className="metrics-legend metrics-legend-counts">
            <span>
              <span className="metrics-swatch metrics-swatch-count" /> Whole {unit}
            </span>
            <span>
              <span className="metrics-swatch metrics-swatch-count-part" /> Part of a {unit} (the window's ends)
            </span>
          </Group>
          <BarChart
            h={CHART_HEIGHT - 30}
            data={rows.map((row) => ({ ...row, color: row.partial ? 'var(--metrics-count-part-color)' : 'var(--metrics-count-color)' }))}
            dataKey="label"
            series={[{ name: 'incidents', label: 'Incidents', color: 'var(--metrics-count-color)' }]}
            // A zero still shows as a sliver on the baseline, so an empty day reads as counted, not missing.
            minBarSize={2}
            yAxisProps={{ allowDecimals: false, width: 40 }}
            xAxisProps={{ interval: 0 }}
            barChartProps={{ margin: { right: 16, left: 0, top: 4, bottom: 0 } }}
            tooltipProps={{ labelFormatter: bucketTitle }}
            tooltipAnimationDuration={150}
            maxBarWidth={36}
          />
        </div>
      </SimpleGrid>
      <TrendTable rows={rows} unit={unit} />
    </Paper>
  );
}
