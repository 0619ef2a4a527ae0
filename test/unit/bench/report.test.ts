/** The benchmark's report: rows and their verdicts, the printed table and the JSON document. */
import { describe, expect, it } from 'vitest';
import {
  buildDocument,
  countVerdicts,
  describeOutcome,
  errorRow,
  formatTable,
  formatTarget,
  formatValue,
  makeRow,
  type MetricRow,
  type ScenarioResult,
} from '../../../bench/report';
import { summarize } from '../../../bench/stats';

const latency = summarize([1000, 2000, 3000, 4000, 6000]); // median 3000, p95 6000, max 6000

describe('makeRow', () => {
  it('passes when the chosen statistic is at most the target, equality included', () => {
    const row = makeRow({
      scenario: 'load',
      metric: 'requests',
      unit: 'requests',
      summary: summarize([50, 55]),
      show: 'max',
      target: { atMost: 55, appliesTo: 'max' },
    });
    expect(row.verdict).toBe('pass');
    expect(row.secondary).toEqual({ label: 'max', value: 55 });
  });

  it('checks the p95 when the target says so, not the median', () => {
    const row = makeRow({
      scenario: 'detection',
      metric: 'latency',
      unit: 'ms',
      summary: latency,
      show: 'p95',
      target: { atMost: 5500, appliesTo: 'p95' },
    });
    expect(row.median).toBe(3000);
    expect(row.verdict).toBe('fail');
    const byMedian = makeRow({
      scenario: 'detection',
      metric: 'latency',
      unit: 'ms',
      summary: latency,
      target: { atMost: 5500, appliesTo: 'median' },
    });
    expect(byMedian.verdict).toBe('pass');
  });

  it('is informational without a target', () => {
    const row = makeRow({ scenario: 'load', metric: 'wall time', unit: 'ms', summary: latency, show: 'p95' });
    expect(row.verdict).toBe('info');
    expect(row.target).toBeNull();
    expect(row.samples).toBe(5);
  });
});

describe('formatting', () => {
  it('groups thousands and uses fewer decimals for bigger numbers', () => {
    expect(formatValue(5500)).toBe('5,500');
    expect(formatValue(412.6)).toBe('413');
    expect(formatValue(16.94)).toBe('16.9');
    expect(formatValue(0.1)).toBe('0.10');
    expect(formatValue(50)).toBe('50');
  });

  it('names the statistic a target applies to unless it is the median', () => {
    expect(formatTarget({ atMost: 300, appliesTo: 'median' })).toBe('<= 300');
    expect(formatTarget({ atMost: 5500, appliesTo: 'p95' })).toBe('p95 <= 5,500');
    expect(formatTarget(null)).toBe('-');
  });
});

describe('formatTable', () => {
  const rows: MetricRow[] = [
    makeRow({
      scenario: 'load',
      metric: 'requests to load 5,000 open incidents',
      unit: 'requests',
      summary: summarize([50, 50, 51]),
      show: 'max',
      target: { atMost: 55, appliesTo: 'max' },
    }),
    makeRow({
      scenario: 'detection',
      metric: 'trigger to incidentsChanged',
      unit: 'ms',
      summary: latency,
      show: 'p95',
      target: { atMost: 5500, appliesTo: 'p95' },
    }),
    errorRow('render', 'Chromium could not start because /usr/bin/chromium is missing from this machine'),
  ];
  const table = formatTable(rows);
  const lines = table.split('\n');

  it('has a header, a rule and one line per row, plus wrapped lines for long notes', () => {
    expect(lines[0]).toMatch(/^Scenario\s+Metric\s+Median\s+p95 \/ other\s+Target\s+Result\s+Unit\s+n$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines[2]).toMatch(/^load\s+requests to load 5,000 open incidents\s+50\s+max 51\s+max <= 55\s+PASS\s+requests\s+3$/);
    expect(lines[3]).toMatch(/^detection\s+trigger to incidentsChanged\s+3,000\s+p95 6,000\s+p95 <= 5,500\s+FAIL\s+ms\s+5$/);
    expect(lines[4]).toMatch(/^render\s+scenario could not run\s+-\s+Chromium could not start\s/);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.slice(5).join(' ')).toContain('missing from this machine');
  });

  it('lines the columns up: every cell of a column starts at the same offset', () => {
    const resultColumn = lines[0]!.indexOf('Result');
    expect(lines[2]!.indexOf('PASS')).toBe(resultColumn);
    expect(lines[3]!.indexOf('FAIL')).toBe(resultColumn);
    expect(lines[4]!.indexOf('ERROR')).toBe(resultColumn);
  });

  it('right-aligns the medians', () => {
    const medianEnd = lines[0]!.indexOf('Median') + 'Median'.length;
    expect(lines[2]!.slice(0, medianEnd).endsWith('50')).toBe(true);
    expect(lines[3]!.slice(0, medianEnd).endsWith('3,000')).toBe(true);
  });
});

describe('outcome and JSON document', () => {
  const pass = makeRow({
    scenario: 'load',
    metric: 'requests',
    unit: 'requests',
    summary: summarize([50]),
    target: { atMost: 55, appliesTo: 'max' },
  });
  const fail = makeRow({
    scenario: 'render',
    metric: 'delta',
    unit: 'ms',
    summary: summarize([30]),
    target: { atMost: 16, appliesTo: 'median' },
  });
  const info = makeRow({ scenario: 'render', metric: 'page load', unit: 'ms', summary: summarize([250]) });

  it('counts verdicts and says them in words', () => {
    const counts = countVerdicts([pass, fail, info, errorRow('memory', 'boom')]);
    expect(counts).toEqual({ pass: 1, fail: 1, info: 1, error: 1 });
    expect(describeOutcome(counts)).toBe('1 target met, 1 missed, 1 scenario could not run');
    expect(describeOutcome({ pass: 2, fail: 0, info: 0, error: 0 })).toBe('2 targets met, 0 missed');
  });

  it('holds the same rows as the table, in scenario order, with notes and details per scenario', () => {
    const load: ScenarioResult = { rows: [pass], notes: ['5 runs'], details: { runs: [1, 2] }, durationMs: 1234.4 };
    const render: ScenarioResult = { rows: [fail, info], notes: [], details: {}, durationMs: 10 };
    const document = buildDocument({
      mode: 'quick',
      startedAt: Date.UTC(2024, 4, 1, 10, 0, 0),
      finishedAt: Date.UTC(2024, 4, 1, 10, 1, 0),
      environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'test', totalMemoryMB: 1, loadAverage1m: 0.5 },
      scenarios: [
        { name: 'load', result: load },
        { name: 'render', result: render },
      ],
    });
    expect(document.rows).toEqual([pass, fail, info]);
    expect(document.outcome).toEqual({ pass: 1, fail: 1, info: 1, error: 0 });
    expect(document.durationMs).toBe(60_000);
    expect(document.startedAt).toBe('2024-05-01T10:00:00.000Z');
    expect(document.scenarios.load).toEqual({ notes: ['5 runs'], details: { runs: [1, 2] }, durationMs: 1234 });
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });
});
