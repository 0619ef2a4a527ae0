/**
 * The engine's side of the delivery scenario's metrics figures, run in its own Node process
 * (with --expose-gc) so that only what the computation needs is measured: opens the delivery
 * store the parent seeded, reads the changes and incidents it wrote, and serves
 * getDeliveryMetrics through a DeliveryDesk as the engine wires it. Measures heap and RSS
 * after forced GC before the first 90-day computation, the peak RSS during it (the kernel's
 * high-water mark, reset just before), the heap when it returns and while holding the result; then the contract's
 * check of the output and its JSON (what the page is sent), and timed computations over 90,
 * 30 and 7 days. Sends everything to the parent over IPC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DeliveryDesk } from '../../electron/engine/delivery/delivery-desk';
import { DeliveryStore } from '../../electron/engine/delivery/delivery-store';
import { DeliverySync } from '../../electron/engine/delivery/delivery-sync';
import { requests } from '../../shared/contract';
import { ChangeRequest } from '../../shared/domain/change';
import { Directory } from '../../shared/domain/directory';
import { indexChanges } from '../../shared/rules/change-audit';
import type { IncidentTimes } from '../../shared/rules/response-metrics';
import type { MemoryReading } from './memory-child';

const DAY_MS = 24 * 3_600_000;
/** The desk reads this much before a window as history (METRICS_HISTORY_MS in delivery-desk.ts). */
const HISTORY_MS = 30 * DAY_MS;
const WINDOWS = [90, 30, 7] as const;

const Args = z.object({
  databasePath: z.string().min(1),
  /** The JSON file with the changes, incidents, directory and mapping (DeliveryCompanions). */
  companionsPath: z.string().min(1),
  /** The desk's clock: the end of the seeded history. */
  nowMs: z.number().int().positive(),
  failureWindowHours: z.number().positive(),
  /** Timed computations per window, after one warm-up. */
  samples: z.number().int().positive(),
});
export type DeliveryMetricsChildArgs = z.infer<typeof Args>;

const MappedServiceSchema = z.object({
  service: z.string(),
  repository: z.object({ provider: z.enum(['github', 'gitlab']), name: z.string(), url: z.string() }),
  pipeline: z.string(),
  environments: z.array(z.string()),
  production: z.string(),
  dependsOn: z.array(z.string()),
});
const IncidentTimesSchema = z.object({
  incidentId: z.string(),
  number: z.number(),
  title: z.string(),
  htmlUrl: z.string(),
  service: z.object({ id: z.string(), name: z.string() }),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  triggeredAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
}) satisfies z.ZodType<IncidentTimes>;
const Companions = z.object({
  changes: z.array(ChangeRequest),
  incidents: z.array(IncidentTimesSchema),
  directory: Directory,
  mapped: z.array(MappedServiceSchema),
});

export interface DeliveryMetricsChildResult {
  before: MemoryReading;
  /** False when the peaks are the process's since it started (no Linux high-water reset): then they may be understated. */
  peakExact: boolean;
  /** The peak RSS as the meter started, just after `before` (bytes). */
  peakRssBefore: number;
  /** Right after the first 90-day computation returned, before any forced GC. */
  atReturn: MemoryReading;
  /** The process's peak RSS after it (bytes). */
  peakRssAfterCompute: number;
  /** After forced GC, still holding the result. */
  holding: MemoryReading;
  /** The peak RSS once the contract check and the JSON were done too. */
  peakRssAfterServe: number;
  firstMs: number;
  checkMs: number;
  jsonMs: number;
  jsonBytes: number;
  /** What the 90-day result holds. */
  counts: { deployments: number; incidents: number; services: number; teams: number; changes: number; incidentsRead: number };
  /** Where a 90-day computation's time goes: the store's query, indexing the changes (each timed alone, up to 3 times). */
  parts: { productionRowsMs: number[]; productionRows: number; indexChangesMs: number[] };
  /** Timed computations per window (days), after a warm-up. */
  samplesMs: Record<string, number[]>;
}

/** Collects garbage until the heap stops shrinking, then reads memory. */
async function settledReading(gc: () => void): Promise<MemoryReading> {
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const heap = process.memoryUsage().heapUsed;
    if (round >= 2 && heap >= last * 0.995) break;
    last = heap;
  }
  return reading();
}

function reading(): MemoryReading {
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

/**
 * The process's peak RSS from here on: on Linux, the kernel's high-water mark (VmHWM) reset to
 * the current RSS (clear_refs 5), so neither the start-up nor the parent's size at fork counts;
 * elsewhere resourceUsage().maxRSS, the peak since the process started (`exact` false).
 */
function peakRssMeter(): { exact: boolean; read(): number } {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    const read = () => {
      const found = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (!found) throw new Error('/proc/self/status has no VmHWM line');
      return Number(found[1]) * 1024;
    };
    read();
    return { exact: true, read };
  } catch {
    return { exact: false, read: () => process.resourceUsage().maxRSS * 1024 };
  }
}

/**
 * The first 90-day computation, measured: memory after forced GC before it, the peak RSS
 * during it, the heap when it returns and while its result is held; then the contract's check
 * of the output and the JSON the page is sent, as the host does next. The result is dropped
 * on return.
 */
async function firstComputation(desk: DeliveryDesk, gc: () => void) {
  const before = await settledReading(gc);
  const peak = peakRssMeter();
  const peakRssBefore = peak.read();
  let t0 = performance.now();
  const output = await desk.getDeliveryMetrics({ days: 90 });
  const firstMs = performance.now() - t0;
  const atReturn = reading();
  const peakRssAfterCompute = peak.read();
  const holding = await settledReading(gc);
  const { metrics } = output;
  const counts = {
    deployments: metrics.deployments.length,
    incidents: metrics.incidents.length,
    services: metrics.services.length,
    teams: metrics.teams.length,
  };
  t0 = performance.now();
  const checked = requests.getDeliveryMetrics.output.safeParse(output);
  const checkMs = performance.now() - t0;
  if (!checked.success) throw new Error(`The metrics do not match the contract: ${checked.error.issues[0]?.message ?? ''}`);
  t0 = performance.now();
  const jsonBytes = Buffer.byteLength(JSON.stringify(checked.data));
  const jsonMs = performance.now() - t0;
  const peakRssAfterServe = peak.read();
  return {
    before,
    peakExact: peak.exact,
    peakRssBefore,
    atReturn,
    peakRssAfterCompute,
    holding,
    peakRssAfterServe,
    firstMs,
    checkMs,
    jsonMs,
    jsonBytes,
    counts,
  };
}

async function main(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('Run this with node --expose-gc (the delivery scenario does that for you)');
  const parsedArgs = Args.safeParse(JSON.parse(process.argv[2] ?? 'null'));
  if (!parsedArgs.success) throw new Error(`delivery-metrics-child: ${parsedArgs.error.issues.map((issue) => issue.message).join('; ')}`);
  const args = parsedArgs.data;
  const { changes, incidents, directory, mapped } = Companions.parse(JSON.parse(readFileSync(args.companionsPath, 'utf8')));

  const clock = { now: () => args.nowMs };
  const store = new DeliveryStore(args.databasePath);
  const sync = new DeliverySync({ store, feeds: [], code: new Map(), clock, pollIntervalMs: 60_000, onChange: () => {} });
  // As create-engine.ts wires it: the change system's and the paging platform's reads, filtered by time.
  const desk = new DeliveryDesk({
    store,
    sync,
    services: mapped,
    code: new Map(),
    clock,
    failureWindowHours: args.failureWindowHours,
    directory: async () => directory,
    changesSince: async (sinceMs) =>
      changes.filter((change) => Date.parse(change.updatedAt) >= sinceMs || Date.parse(change.createdAt) >= sinceMs),
    incidentTimes: async (sinceMs) => incidents.filter((times) => times.triggeredAt >= sinceMs),
    incident: async (incidentId) => {
      throw new Error(`The metrics bench reads no incident (${incidentId})`);
    },
  });

  const first = await firstComputation(desk, gc);
  const samplesMs: Record<string, number[]> = {};
  for (const days of WINDOWS) {
    await desk.getDeliveryMetrics({ days });
    samplesMs[days] = [];
    for (let sample = 0; sample < args.samples; sample++) {
      const t0 = performance.now();
      await desk.getDeliveryMetrics({ days });
      samplesMs[days].push(performance.now() - t0);
    }
  }
  const parts: DeliveryMetricsChildResult['parts'] = { productionRowsMs: [], productionRows: 0, indexChangesMs: [] };
  const since = args.nowMs - 90 * DAY_MS - HISTORY_MS;
  for (let sample = 0; sample < Math.min(3, args.samples); sample++) {
    let t0 = performance.now();
    parts.productionRows = store.productionRows(since).length;
    parts.productionRowsMs.push(performance.now() - t0);
    t0 = performance.now();
    indexChanges(changes.filter((change) => Date.parse(change.updatedAt) >= since || Date.parse(change.createdAt) >= since));
    parts.indexChangesMs.push(performance.now() - t0);
  }
  store.close();

  const result: DeliveryMetricsChildResult = {
    ...first,
    counts: { ...first.counts, changes: changes.length, incidentsRead: incidents.length },
    parts,
    samplesMs,
  };
  await new Promise<void>((resolve, reject) => process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())));
}

if (!process.send) {
  process.stderr.write(
    'delivery-metrics-child.ts is started by the delivery scenario (bench/scenarios/delivery.ts) with an IPC channel.\n',
  );
  process.exit(2);
}
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
