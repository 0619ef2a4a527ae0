/**
 * Loaded into a host process the host-memory scenario measures (`serve` through
 * `node --import`, the desktop host by import): when the process has an IPC channel, it
 * answers the parent's `{ type: 'memory' }` with
 * process.memoryUsage() and V8's heap spaces, so the report can say where the resident
 * memory goes (the JS heap, external buffers, the rest), then the JS heap still in use
 * after a full garbage collection (what a leak lifts, where resident memory also moves
 * with what V8 and the allocator keep). It never keeps the process alive.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface ProbeReading {
  type: 'memory';
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Committed bytes per V8 heap space (new_space, old_space, code_space, large_object_space, ...). */
  spaces: Record<string, number>;
  /** heapUsed right after a full garbage collection (read after the figures above). */
  liveHeapUsed: number;
}

/** V8's gc() without starting the host with --expose-gc (which would change what is measured). */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function installMemoryProbe(): void {
  if (!process.send) return;
  const gc = fullGc();
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'memory') return;
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]));
    const usage = process.memoryUsage();
    gc();
    gc();
    const reading: ProbeReading = { type: 'memory', ...usage, spaces, liveHeapUsed: process.memoryUsage().heapUsed };
    process.send?.(reading);
  });
  process.channel?.unref();
}

installMemoryProbe();
