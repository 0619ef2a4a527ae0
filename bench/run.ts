/**
 * `npm run bench`: the incident queue's benchmark. Runs each scenario (load, idle,
 * detection, render, memory) against the PagerDuty simulator, and shared (the specialist
 * requests' shared record) against the ServiceNow simulator, over real HTTP on
 * 127.0.0.1, prints a table of medians, p95s and targets, and writes the same figures as
 * JSON to --out (default bench-results.json in the current directory). delivery measures
 * the delivery metrics, and the GitHub, GitLab and Jenkins delivery sources' requests;
 * splunk-on-call Splunk On-Call beside PagerDuty (detection, idle requests, requests per
 * minute per route against its documented limits).
 *
 *   npm run bench -- [--quick] [--only load,idle] [--out FILE] [--no-build]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import {
  buildDocument,
  countVerdicts,
  describeOutcome,
  errorRow,
  formatNotes,
  formatTable,
  formatValue,
  type BenchEnvironment,
  type ScenarioResult,
} from './report';
import { parseBenchArgs, USAGE, type BenchOptions, type ScenarioName } from './args';
import { runDetection } from './scenarios/detection';
import { runIdle } from './scenarios/idle';
import { runLoad } from './scenarios/load';
import { runMemory } from './scenarios/memory';
import { runRender } from './scenarios/render';
import { runShared } from './scenarios/shared';
import { runFaults } from './scenarios/faults';
import { runChange } from './scenarios/change';
import { runDelivery } from './scenarios/delivery';
import { runSplunkOnCall } from './scenarios/splunk-on-call';
import { runHostMemory } from './scenarios/host-memory';
import { runDetail } from './scenarios/detail';
import { errorText } from '../shared/error-text';

function plan(name: ScenarioName, options: BenchOptions, log: (line: string) => void): () => Promise<ScenarioResult> {
  const { quick } = options;
  switch (name) {
    case 'load':
      return () => runLoad({ runs: quick ? 2 : 5 });
    case 'idle':
      return () => runIdle({ windowMs: quick ? 6_000 : 16_000 });
    case 'detection':
      return () => runDetection({ samples: quick ? 4 : 20 });
    case 'render':
      return () => runRender({ loads: quick ? 2 : 5, deltas: quick ? 3 : 30, allowBuild: options.build, log });
    case 'memory':
      return () => runMemory({ runs: quick ? 1 : 3 });
    case 'shared':
      return () =>
        runShared({ samples: quick ? 3 : 10, backlog: quick ? 50 : 200, firstLooks: quick ? 1 : 3, quietRounds: quick ? 3 : 10 });
    case 'faults':
      return () => runFaults({ faultMs: quick ? 20_000 : 60_000, longFaultMs: quick ? 40_000 : 180_000, runs: quick ? 1 : 2 });
    case 'change':
      return () => runChange({ decisions: quick ? 5 : 20, approvals: quick ? 2 : 5 });
    case 'delivery':
      return () => runDelivery({ samples: quick ? 3 : 8, idlePolls: quick ? 3 : 5, firstLoadServices: quick ? 3 : 10 });
    case 'splunk-on-call':
      return () => runSplunkOnCall({ samples: quick ? 6 : 20, idleMs: quick ? 15_000 : 30_000, windowMs: quick ? 65_000 : 125_000 });
    case 'host-memory':
      return () =>
        runHostMemory({
          holdMs: quick ? 10_000 : 20_000,
          churnMs: quick ? 120_000 : 600_000,
          warmUpMs: quick ? 30_000 : 120_000,
          sampleEveryMs: quick ? 2_000 : 5_000,
        });
    case 'detail':
      return () => runDetail({ samples: quick ? 2 : 5, allowBuild: options.build, log });
  }
}

function environment(): BenchEnvironment {
  const cores = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`${errorText(error)}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const outPath = resolve(options.out);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const env = environment();
  const startedAt = Date.now();
  log(
    `On-Call Console benchmark (${options.quick ? 'quick' : 'full'}): ${options.only.join(', ')}. Node ${env.node}, ${env.cpus} CPUs. Everything runs on 127.0.0.1.`,
  );

  const results: Array<{ name: ScenarioName; result: ScenarioResult }> = [];
  for (const name of options.only) {
    log(`- ${name} ...`);
    const t0 = performance.now();
    let result: ScenarioResult;
    try {
      result = await plan(name, options, log)();
    } catch (error) {
      const message = errorText(error);
      result = {
        rows: [errorRow(name, message.split('\n')[0] ?? message)],
        notes: [`Failed: ${message}`],
        details: { error: message },
        durationMs: performance.now() - t0,
      };
    }
    log(`  ${name} done in ${formatValue((performance.now() - t0) / 1000)} s`);
    results.push({ name, result });
  }

  const document = buildDocument({
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: Date.now(),
    environment: env,
    scenarios: results,
  });
  const counts = countVerdicts(document.rows);
  const lines = [
    '',
    formatTable(document.rows),
    '',
    `${describeOutcome(counts)}. Targets are goals, not assertions; "-" rows are informational.`,
    '',
    formatNotes(results),
    '',
    `Total ${formatValue(document.durationMs / 1000)} s on ${env.cpus} CPUs (${env.cpuModel}); load average ${env.loadAverage1m} at the start, ${formatValue(loadavg()[0] ?? 0)} at the end.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(outPath, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`JSON results written to ${outPath}\n`);
  return counts.error > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
