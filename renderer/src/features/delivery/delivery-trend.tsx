/**
 * The delivery trend, day by day (7 days) or week by week (30 and 90 days), in the
 * reader's time zone: production deployments per bucket with the ones counted as failed,
 * the median lead time for changes, and the change failure rate. The same figures are
 * available as a table under the charts.
 */
import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import '@mantine/charts/styles.css';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import type { DeliveryFigures } from './delivery-model';

const CHART_HEIGHT = 190;

interface TrendRow {
  key: string;
  label: string;
  title: string;
  deployments: number;
  succeeded: number;
  failed: number;
  leadTime: number | null;
  failureRate: number | null;
}

function trendRows(trend: DeliveryFigures['trend'], unit: 'day' | 'week', timeZone: string): TrendRow[] {
  const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone });
  return trend.map((point) => {
    const from = Date.parse(point.from);
    // A bucket's end is the next one's start: its last day is the day before.
    const lastDay = day(Date.parse(point.to) - 1);
    let title = unit === 'day' ? day(from) : `Week of ${day(from)}`;
    if (point.partial)
      title = unit === 'day' ? `${day(from)} (part of the day, at the window’s edge)` : `${day(from)} to ${lastDay} (part of a week)`;
    return {
      key: point.from,
      label: day(from),
      title,
      deployments: point.deployments,
      succeeded: point.deployments - point.failed,
      failed: point.failed,
      leadTime: point.leadTimeMedianMs,
      failureRate: point.changeFailureRate === null ? null : Math.round(point.changeFailureRate * 1000) / 10,
    };
  });
}

const HOUR_MS = 3_600_000;

/** The lead-time axis's unit, from the longest median shown: days, hours or minutes, so the ticks are round numbers of it. */
function leadTimeUnit(rows: readonly TrendRow[]): { ms: number; word: string } {
  const longest = Math.max(0, ...rows.map((row) => row.leadTime ?? 0));
  if (longest >= 72 * HOUR_MS) return { ms: 24 * HOUR_MS, word: 'days' };
  if (longest >= 2 * HOUR_MS) return { ms: HOUR_MS, word: 'h' };
  return { ms: 60_000, word: 'min' };
}

function bucketTitle(label: unknown, payload: ReadonlyArray<{ payload?: TrendRow }>): string {
  return payload[0]?.payload?.title ?? String(label);
}

const percentText = (value: number) => `${value}%`;

export function DeliveryTrend({
  trend,
  unit,
  timeZone,
  subject,
}: {
  trend: DeliveryFigures['trend'];
  unit: 'day' | 'week';
  timeZone: string;
  subject: string;
}) {
  const rows = trendRows(trend, unit, timeZone);
  if (rows.length === 0) return null;
  const lead = leadTimeUnit(rows);
  const leadRows = rows.map((row) => ({
    ...row,
    leadTimeInUnit: row.leadTime === null ? null : Math.round((row.leadTime / lead.ms) * 100) / 100,
  }));
  return (
    <Paper
      withBorder
      p="sm"
      component="figure"
      m={0}
      aria-label={`Delivery trend of ${subject}, ${unit} by ${unit}`}
      className="delivery-chart"
    >
      <Title order={3} size="h6">
        Trend, {unit} by {unit}: {subject}
      </Title>
      <Text size="xs" c="dimmed" component="figcaption">
        Production deployments each {unit} ({unit === 'day' ? 'days run from midnight' : 'weeks run from Monday'} in{' '}
        {timeZone.replace(/_/g, ' ')} time), the ones counted as failed (the deployment failed, its change closed unsuccessful, or an
        incident followed it), the median lead time for changes and the change failure rate.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" mt="xs">
        <div>
          <Text size="xs" fw={600} mb={4}>
            Deployments
          </Text>
          <BarChart
            h={CHART_HEIGHT}
            data={rows}
            dataKey="label"
            type="stacked"
            series={[
              { name: 'succeeded', label: 'Not failed', color: 'var(--delivery-ok-color)' },
              { name: 'failed', label: 'Failed', color: 'var(--delivery-failed-color)' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'top', height: 28 }}
            yAxisProps={{ allowDecimals: false, width: 32 }}
            tooltipProps={{ labelFormatter: bucketTitle }}
            tooltipAnimationDuration={150}
            maxBarWidth={28}
          />
        </div>
        <div>
          <Text size="xs" fw={600} mb={4}>
            Lead time for changes (median)
          </Text>
          <LineChart
            h={CHART_HEIGHT}
            data={leadRows}
            dataKey="label"
            series={[{ name: 'leadTimeInUnit', label: 'Median lead time', color: 'var(--delivery-lead-color)' }]}
            connectNulls={false}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: 'top', height: 28 }}
            valueFormatter={(value: number) => formatDurationWords(value * lead.ms)}
            yAxisProps={{ width: 64, tickFormatter: (value: number) => `${value} ${lead.word}` }}
            tooltipProps={{ labelFormatter: bucketTitle }}
            tooltipAnimationDuration={150}
            strokeWidth={2}
          />
        </div>
        <div>
          <Text size="xs" fw={600} mb={4}>
            Change failure rate
          </Text>
          <LineChart
            h={CHART_HEIGHT}
            data={rows}
            dataKey="label"
            series={[{ name: 'failureRate', label: 'Change failure rate', color: 'var(--delivery-failed-color)' }]}
            connectNulls={false}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: 'top', height: 28 }}
            valueFormatter={percentText}
            yAxisProps={{ width: 44, domain: [0, 100], tickFormatter: percentText }}
            tooltipProps={{ labelFormatter: bucketTitle }}
            tooltipAnimationDuration={150}
            strokeWidth={2}
          />
        </div>
      </SimpleGrid>
      <details className="delivery-trend-details">
        <summary>The trend as a table</summary>
        <Table fz="xs" verticalSpacing={4} mt={6} aria-label={`Delivery trend by ${unit}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{unit === 'day' ? 'Day' : 'Week'}</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Deployments
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Failed
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Median lead time
              </Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Change failure rate
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.title}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{row.deployments}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{row.failed}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatDurationWords(row.leadTime)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{row.failureRate === null ? '–' : percentText(row.failureRate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Paper>
  );
}
