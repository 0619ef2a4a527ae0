/**
 * The two bar charts of the response-metrics view: time to acknowledge and time to
 * resolve, median and p90, one pair of bars per service or team (the busiest first), on
 * one logarithmic scale shared by both charts, so a 2-minute acknowledgement and a 3-day
 * resolution both read. Each bar is labelled in words ("4 min", "2 h 10 min"), and each
 * subject's row is a button named with its figures spelt out ("median 4 minutes, 90th
 * percentile 2 hours 10 minutes, 13 incidents"): a click, or Enter and Space, lists the
 * incidents behind it.
 * Drawn in HTML rather than SVG, so the rows are ordinary focusable buttons.
 */
import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import type { ResponseFigures } from '../../../../shared/rules/response-metrics';
import {
  chartRows,
  CHART_SUBJECT_LIMIT,
  scalePosition,
  spokenFigures,
  type ChartRow,
  type DurationScale,
  type Measure,
} from './metrics-model';
import './response-metrics.css';

const MEASURES: Array<{ measure: Measure; title: string; from: string; noun: string }> = [
  { measure: 'timeToAcknowledge', title: 'Time to acknowledge', from: 'From trigger to first acknowledgement', noun: 'acknowledged' },
  { measure: 'timeToResolve', title: 'Time to resolve', from: 'From trigger to resolution', noun: 'resolved' },
];

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

function Legend() {
  return (
    <Group gap="md" aria-hidden className="metrics-legend">
      <span>
        <span className="metrics-swatch metrics-swatch-median" /> Median
      </span>
      <span>
        <span className="metrics-swatch metrics-swatch-p90" /> 90th percentile
      </span>
    </Group>
  );
}

/** The tick labels above the plot, and the grid lines behind it. */
function Axis({ scale }: { scale: DurationScale }) {
  return (
    <div className="metrics-axis" aria-hidden>
      <span className="metrics-axis-spacer" />
      <span className="metrics-axis-ticks">
        {scale.ticks.map((tick) => (
          <span key={tick.ms} className="metrics-axis-tick" style={{ left: percent(scalePosition(scale, tick.ms)) }}>
            {tick.label}
          </span>
        ))}
      </span>
    </div>
  );
}

function Grid({ scale }: { scale: DurationScale }) {
  return (
    <span className="metrics-grid" aria-hidden>
      {scale.ticks.map((tick) => (
        <span key={tick.ms} className="metrics-grid-line" style={{ left: percent(scalePosition(scale, tick.ms)) }} />
      ))}
    </span>
  );
}

function Bar({ kind, ms, scale }: { kind: 'median' | 'p90'; ms: number; scale: DurationScale }) {
  const at = scalePosition(scale, ms);
  return (
    <span className="metrics-bar-line">
      <span className={`metrics-bar metrics-bar-${kind}`} style={{ width: percent(at) }} />
      {/* Drawn by CSS from data-value: the row's name says the figures in full words, and a
          button's name must contain all of its visible text. */}
      <span className="metrics-bar-value" style={{ left: percent(at) }} data-value={formatDurationWords(ms)} />
    </span>
  );
}

function SubjectRow({
  row,
  measure,
  noun,
  scale,
  onOpen,
}: {
  row: ChartRow;
  measure: Measure;
  noun: string;
  scale: DurationScale;
  onOpen: () => void;
}) {
  return (
    <li className="metrics-row-item">
      <button
        type="button"
        className="metrics-row"
        onClick={onOpen}
        aria-label={`${row.subject}: ${spokenFigures(row, measure)}`}
        aria-haspopup="dialog"
        title={`${row.subject}: list its incidents`}
        data-subject-id={row.subjectId}
      >
        <span className="metrics-row-name">{row.subject}</span>
        <span className="metrics-row-plot">
          {row.median === null ? (
            <span className="metrics-bar-none">none {noun}</span>
          ) : (
            <>
              <Bar kind="median" ms={row.median} scale={scale} />
              <Bar kind="p90" ms={row.p90 ?? row.median} scale={scale} />
            </>
          )}
        </span>
      </button>
    </li>
  );
}

function DurationChart({
  title,
  description,
  rows,
  measure,
  noun,
  scale,
  label,
  onOpen,
}: {
  title: string;
  description: string;
  rows: ChartRow[];
  measure: Measure;
  noun: string;
  scale: DurationScale;
  label: string;
  onOpen: (subjectId: string, measure: Measure) => void;
}) {
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={label} className="metrics-chart">
      <Title order={3} size="h6">
        {title}
      </Title>
      <Text size="xs" c="dimmed" component="figcaption">
        {description}
      </Text>
      <Legend />
      <Axis scale={scale} />
      <div className="metrics-plot-area">
        <Grid scale={scale} />
        <ul className="metrics-rows">
          {rows.map((row) => (
            <SubjectRow
              key={row.subjectId || row.subject}
              row={row}
              measure={measure}
              noun={noun}
              scale={scale}
              onOpen={() => onOpen(row.subjectId, measure)}
            />
          ))}
        </ul>
      </div>
    </Paper>
  );
}

export function ResponseMetricsCharts({
  figures,
  subjectNoun,
  scale,
  onOpen,
}: {
  figures: ResponseFigures[];
  subjectNoun: 'service' | 'team';
  scale: DurationScale;
  onOpen: (subjectId: string, measure: Measure) => void;
}) {
  const shown = Math.min(figures.length, CHART_SUBJECT_LIMIT);
  const which = figures.length > shown ? `the ${shown} busiest of ${figures.length} ${subjectNoun}s` : `each ${subjectNoun}`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {MEASURES.map(({ measure, title, from, noun }) => (
        <DurationChart
          key={measure}
          title={title}
          description={`${from}, ${which}, on a logarithmic scale. Choose a ${subjectNoun} to list its incidents.`}
          rows={chartRows(figures, measure)}
          measure={measure}
          noun={noun}
          scale={scale}
          label={`${title} by ${subjectNoun}`}
          onOpen={onOpen}
        />
      ))}
    </SimpleGrid>
  );
}
