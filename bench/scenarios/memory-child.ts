/**
 * The engine's side of the memory scenario, run in its own Node process (with
 * --expose-gc) so the simulator's memory is not counted: measures heap and RSS after
 * forced garbage collection, loads every open incident from the simulator named in
 * argv, holds them, measures again and sends both readings to the parent over IPC.
 */
import { z } from 'zod';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, sleep, startBenchEngine, withTimeout } from '../harness';

const Args = z.object({
  baseUrl: z.url({ protocol: /^http$/, error: 'the first argument must be the simulator URL, e.g. http://127.0.0.1:4321' }),
  from: z.email({ error: 'the second argument must be the email of a user the simulator knows' }),
});

export interface MemoryReading {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryChildResult {
  before: MemoryReading;
  after: MemoryReading;
  incidents: number;
  loadMs: number;
}

/** Collects garbage until the heap stops shrinking (a few rounds), then reads memory. */
async function settledReading(gc: () => void): Promise<MemoryReading> {
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round++) {
    gc();
    await sleep(30);
    const heap = process.memoryUsage().heapUsed;
    if (round >= 2 && heap >= last * 0.995) break;
    last = heap;
  }
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

async function main(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('Run this with node --expose-gc (the memory scenario does that for you)');
  const args = Args.safeParse({ baseUrl: process.argv[2], from: process.argv[3] });
  if (!args.success) throw new Error(`memory-child: ${args.error.issues.map((issue) => issue.message).join('; ')}`);
  const { baseUrl, from } = args.data;

  // Warm the HTTP client up so its own start-up cost is not counted as incidents.
  await fetch(`${baseUrl}/_simulator/warm-up`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.arrayBuffer());
  const before = await settledReading(gc);

  const t0 = performance.now();
  const bench = startBenchEngine({
    baseUrl,
    from,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
  });
  await withTimeout("The engine's first load", bench.engine.ready(), 120_000);
  const loadMs = performance.now() - t0;
  const after = await settledReading(gc);
  const incidents = (await bench.engine.getSnapshot()).incidents.length;
  await bench.stop();

  const result: MemoryChildResult = { before, after, incidents, loadMs };
  await new Promise<void>((resolve, reject) => process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())));
}

if (!process.send) {
  process.stderr.write('memory-child.ts is started by the memory scenario (bench/scenarios/memory.ts) with an IPC channel.\n');
  process.exit(2);
}
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
