/**
 * Tells V8 to favour a small heap over allocation speed in this process, for the console
 * hosts that stay up for a whole shift (`serve`, the desktop app's main process, the
 * command line's hosts). Holding 5,000 incidents the engine keeps about 40 MB of live
 * objects, yet V8's default sizing commits twice that (a 32 MB young generation after the
 * first load, and old-space room it hands back only when the memory reducer runs, minutes
 * later): with `--optimize-for-size` the heap stays close to what is live. Measured in
 * `npm run bench -- --only host-memory` (bench/README.md). The flag only steers V8's
 * heuristics (heap growth, young-generation size, code flushing), so setting it after
 * start is safe in Node (measured and tested here). Not in Electron's main process: its
 * binary cannot run on the machines this was measured on, and Node's documentation warns a
 * flag changed after start may misbehave, so the desktop app keeps V8's defaults until it
 * is verified there (measured without the flag it holds 5,000 incidents in about 170 MB).
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function preferSmallHeap(): void {
  if (applied || process.versions.electron) return;
  applied = true;
  setFlagsFromString('--optimize-for-size');
}
