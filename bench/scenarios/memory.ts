/**
 * Memory: how much the engine grows holding 10,000 open incidents. The simulator runs
 * here; the engine runs in a child Node process (bench/scenarios/memory-child.ts) so that
 * only the engine's memory is measured: heap used and RSS after forced GC, before the
 * load and while holding the incidents.
 */
import { fileURLToPath } from 'node:url';
import { runMeasuringChild } from '../measuring-child';
import { startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import { makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';
import type { MemoryChildResult } from './memory-child';

export interface MemoryOptions {
  runs: number;
  incidents?: number;
}

const MEMORY_TARGET_MB = 100;
const MB = 1024 * 1024;
const CHILD_TIMEOUT_MS = 120_000;
const childScript = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

function runChild(baseUrl: string, from: string): Promise<MemoryChildResult> {
  return runMeasuringChild<MemoryChildResult>(childScript, [baseUrl, from], 'The engine process', CHILD_TIMEOUT_MS);
}

export async function runMemory({ runs, incidents = 10_000 }: MemoryOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  const results: MemoryChildResult[] = [];
  try {
    const open = simulator.state.incidentCount('triggered') + simulator.state.incidentCount('acknowledged');
    for (let run = 0; run < runs; run++) {
      const result = await runChild(simulator.baseUrl, simulator.state.me.email);
      if (result.incidents !== open) throw new Error(`The engine held ${result.incidents} incidents, the simulator has ${open} open ones`);
      results.push(result);
    }
  } finally {
    await simulator.close();
  }

  const heap = summarize(results.map((result) => (result.after.heapUsed - result.before.heapUsed) / MB));
  const rss = summarize(results.map((result) => (result.after.rss - result.before.rss) / MB));
  const count = incidents.toLocaleString('en-US');
  const target = { atMost: MEMORY_TARGET_MB, appliesTo: 'max' as const };
  return {
    rows: [
      makeRow({ scenario: 'memory', metric: `heap growth holding ${count} incidents`, unit: 'MB', summary: heap, show: 'max', target }),
      makeRow({ scenario: 'memory', metric: `RSS growth holding ${count} incidents`, unit: 'MB', summary: rss, show: 'max', target }),
    ],
    notes: [
      `${runs} engine process(es), each measured after forced GC before the load and while holding ${count} incidents (simulator in the parent process).`,
      `Engine process before the load: heap ${Math.round((results[0]?.before.heapUsed ?? 0) / MB)} MB, RSS ${Math.round((results[0]?.before.rss ?? 0) / MB)} MB (modules and runtime, not counted).`,
    ],
    details: {
      incidents,
      runs: results.map((result) => ({
        loadMs: Math.round(result.loadMs),
        heapUsedBeforeMB: result.before.heapUsed / MB,
        heapUsedAfterMB: result.after.heapUsed / MB,
        rssBeforeMB: result.before.rss / MB,
        rssAfterMB: result.after.rss / MB,
        externalAfterMB: result.after.external / MB,
      })),
      heapGrowthMB: heap,
      rssGrowthMB: rss,
    },
    durationMs: performance.now() - startedAt,
  };
}
