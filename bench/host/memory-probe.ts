/**
 * Loaded into a host process the host-memory scenario measures (`serve` through
 * `node --import`, the desktop host by import): when the process has an IPC channel, it
 * answers the parent's `{ type: 'memory' }` with
 * process.memoryUsage() and V8's heap spaces, so the report can say where the resident
 * memory goes (the JS heap, external buffers, the rest). It never keeps the process alive.
 */
import { getHeapSpaceStatistics } from 'node:v8';

export interface ProbeReading {
  type: 'memory';
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Committed bytes per V8 heap space (new_space, old_space, code_space, large_object_space, ...). */
  spaces: Record<string, number>;
}

function installMemoryProbe(): void {
  if (!process.send) return;
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'memory') return;
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]));
    const reading: ProbeReading = { type: 'memory', ...process.memoryUsage(), spaces };
    process.send?.(reading);
  });
  process.channel?.unref();
}

installMemoryProbe();
