/**
 * The benchmark's report, as pure functions: one row per figure (metric, median, p95 or
 * other, target, verdict, unit), the table printed for people and the JSON document
 * written for machines. Targets are goals the report compares against, never assertions:
 * a missed target is a FAIL row, not an exception.
 */
import type { Summary } from './stats';

/** Which statistic of the samples a target is checked against. */
type Statistic = 'median' | 'p95' | 'max';

export interface Target {
  /** The figure passes when the chosen statistic is at most this. */
  atMost: number;
  appliesTo: Statistic;
}

type Verdict = 'pass' | 'fail' | 'info' | 'error';

export interface MetricRow {
  scenario: string;
  metric: string;
  unit: string;
  /** Null only on an error row. */
  median: number | null;
  /** The second figure shown: the p95 or the max of the samples. */
  secondary: { label: 'p95' | 'max'; value: number } | null;
  /** Free text for the "p95 / other" column when there is no second figure, or an error message. */
  other: string | null;
  samples: number;
  target: Target | null;
  verdict: Verdict;
}

export interface RowInput {
  scenario: string;
  metric: string;
  unit: string;
  summary: Summary;
  /** The second figure to show next to the median. */
  show?: 'p95' | 'max' | null;
  other?: string | null;
  target?: Target | null;
}

/** Builds a row from a summary and checks its target. */
export function makeRow(input: RowInput): MetricRow {
  const { summary, target = null, show = null } = input;
  const verdict: Verdict = target === null ? 'info' : summary[target.appliesTo] <= target.atMost ? 'pass' : 'fail';
  return {
    scenario: input.scenario,
    metric: input.metric,
    unit: input.unit,
    median: summary.median,
    secondary: show === null ? null : { label: show, value: summary[show] },
    other: input.other ?? null,
    samples: summary.n,
    target,
    verdict,
  };
}

/** A row that says a scenario could not be measured, and why. */
export function errorRow(scenario: string, message: string): MetricRow {
  return {
    scenario,
    metric: 'scenario could not run',
    unit: '',
    median: null,
    secondary: null,
    other: message,
    samples: 0,
    target: null,
    verdict: 'error',
  };
}

/** A number for people: thousands grouped; no decimals at 100 and above, one below, two below 1. */
export function formatValue(value: number): string {
  const magnitude = Math.abs(value);
  const digits = Number.isInteger(value) || magnitude >= 100 ? 0 : magnitude >= 1 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTarget(target: Target | null): string {
  if (!target) return '-';
  const prefix = target.appliesTo === 'median' ? '' : `${target.appliesTo} `;
  return `${prefix}<= ${formatValue(target.atMost)}`;
}

const VERDICT_TEXT: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', info: '-', error: 'ERROR' };

function otherText(row: MetricRow): string {
  const parts: string[] = [];
  if (row.secondary) parts.push(`${row.secondary.label} ${formatValue(row.secondary.value)}`);
  if (row.other) parts.push(row.other);
  return parts.length ? parts.join(', ') : '-';
}

const HEADERS = ['Scenario', 'Metric', 'Median', 'p95 / other', 'Target', 'Result', 'Unit', 'n'] as const;
/** Columns whose cells line up on the right (numbers). */
const RIGHT_ALIGNED = new Set<number>([2, 7]);
const OTHER_COLUMN = 3;
/** The "p95 / other" column wraps beyond this width so one long note cannot stretch the table. */
const OTHER_COLUMN_WIDTH = 28;
/** Notes under the table wrap at this width (plus their indent). */
const NOTE_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/** The rows as an aligned plain-text table, one line per row (long notes wrap in their column). */
export function formatTable(rows: readonly MetricRow[]): string {
  const cells = rows.map((row) => [
    row.scenario,
    row.metric,
    row.median === null ? '-' : formatValue(row.median),
    otherText(row),
    formatTarget(row.target),
    VERDICT_TEXT[row.verdict],
    row.unit || '-',
    String(row.samples),
  ]);
  const widths = HEADERS.map((header, column) => {
    const lengths = cells.map((line) => line[column]!.length);
    if (column !== OTHER_COLUMN) return Math.max(header.length, ...lengths);
    const longestWord = Math.max(0, ...cells.flatMap((line) => line[column]!.split(' ').map((word) => word.length)));
    return Math.max(header.length, longestWord, Math.min(OTHER_COLUMN_WIDTH, Math.max(0, ...lengths)));
  });
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) => (RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const out = [render(HEADERS), render(widths.map((width) => '-'.repeat(width)))];
  for (const line of cells) {
    const otherLines = wrap(line[OTHER_COLUMN]!, widths[OTHER_COLUMN]!);
    out.push(render(line.map((cell, column) => (column === OTHER_COLUMN ? otherLines[0]! : cell))));
    for (const more of otherLines.slice(1)) out.push(render(line.map((_, column) => (column === OTHER_COLUMN ? more : ''))));
  }
  return out.join('\n');
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  info: number;
  error: number;
}

export function countVerdicts(rows: readonly MetricRow[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, fail: 0, info: 0, error: 0 };
  for (const row of rows) counts[row.verdict] += 1;
  return counts;
}

/** One line under the table, e.g. "9 targets met, 1 missed, 1 scenario could not run". */
export function describeOutcome(counts: VerdictCounts): string {
  const parts = [`${counts.pass} target${counts.pass === 1 ? '' : 's'} met`, `${counts.fail} missed`];
  if (counts.error > 0) parts.push(`${counts.error} scenario${counts.error === 1 ? '' : 's'} could not run`);
  return parts.join(', ');
}

/** What one scenario hands back: its rows, notes for the reader and raw details for the JSON. */
export interface ScenarioResult {
  rows: MetricRow[];
  /** Short lines printed under the table (settings used, caveats). */
  notes: string[];
  /** Raw figures (every sample, the settings), written to the JSON only. */
  details: Record<string, unknown>;
  durationMs: number;
}

export interface BenchEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMB: number;
  /** The 1-minute load average when the run started: how busy the machine was. */
  loadAverage1m: number;
}

export interface BenchDocument {
  benchmark: string;
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  environment: BenchEnvironment;
  outcome: VerdictCounts;
  rows: MetricRow[];
  scenarios: Record<string, Omit<ScenarioResult, 'rows'>>;
}

export interface DocumentInput {
  mode: 'full' | 'quick';
  startedAt: number;
  finishedAt: number;
  environment: BenchEnvironment;
  scenarios: ReadonlyArray<{ name: string; result: ScenarioResult }>;
}

/** The JSON written to --out: the same rows as the table, plus each scenario's notes and raw details. */
export function buildDocument(input: DocumentInput): BenchDocument {
  const rows = input.scenarios.flatMap(({ result }) => result.rows);
  const scenarios: BenchDocument['scenarios'] = {};
  for (const { name, result } of input.scenarios) {
    scenarios[name] = { notes: result.notes, details: result.details, durationMs: Math.round(result.durationMs) };
  }
  return {
    benchmark: 'On-Call Console incident queue',
    mode: input.mode,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.finishedAt).toISOString(),
    durationMs: Math.round(input.finishedAt - input.startedAt),
    environment: input.environment,
    outcome: countVerdicts(rows),
    rows,
    scenarios,
  };
}

/** The notes of every scenario, grouped under its name, for printing under the table. */
export function formatNotes(scenarios: ReadonlyArray<{ name: string; result: Pick<ScenarioResult, 'notes' | 'durationMs'> }>): string {
  return scenarios
    .map(({ name, result }) => {
      const heading = `${name} (${formatValue(result.durationMs / 1000)} s)`;
      const notes = result.notes.map((note) =>
        wrap(note, NOTE_WIDTH)
          .map((line, index) => `${index === 0 ? '  - ' : '    '}${line}`)
          .join('\n'),
      );
      return [heading, ...notes].join('\n');
    })
    .join('\n');
}
