/**
 * The desktop app's main process without Electron, for the host-memory scenario: the same
 * desktop host (electron/host/desktop-host.ts) the main process starts, with the workspace
 * file and secrets from the environment (as `--workspace FILE` does) and an in-memory
 * keychain, compiled ahead as electron-vite compiles the main process. The window is
 * stood in for: every engine event and every snapshot is structured-cloned, as Electron's
 * IPC serializes them to the page. The parent sends `{ type: 'reload' }` (the page asks
 * for the snapshot again) and `{ type: 'stop' }`; this process sends `{ type: 'ready' }`
 * once the first load is in; the memory probe answers `{ type: 'memory' }`.
 */
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { startDesktopHost } from '../../electron/host/desktop-host';
import { serveRequest } from '../../electron/host/serve-request';
import { MemorySecretStore } from '../../electron/engine/ports/secret-store';
import './memory-probe';

const Args = z.object({
  workspaceFile: z.string().min(1, 'the first argument is the workspace file'),
  dataDir: z.string().min(1, 'the second argument is the data directory'),
  incidents: z.coerce.number().int().positive({ error: 'the third argument is how many open incidents the simulator holds' }),
});
const ParentMessage = z.object({ type: z.enum(['reload', 'stop']) });

/** Sent once every open incident is held and the page has its snapshot. */
export interface DesktopReady {
  type: 'ready';
  incidents: number;
  /** The host's last log lines. */
  log: string[];
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('desktop-entry is started by the host-memory scenario with an IPC channel.');
  const {
    workspaceFile,
    dataDir,
    incidents: expected,
  } = Args.parse({
    workspaceFile: process.argv[2],
    dataDir: process.argv[3],
    incidents: process.argv[4],
  });
  mkdirSync(dataDir, { recursive: true });
  const log: string[] = [];
  const host = await startDesktopHost({
    workspaceFile,
    demo: false,
    dataDir,
    settingsDir: dataDir,
    env: process.env,
    secrets: new MemorySecretStore({}),
    log: (line) => log.push(line),
  });
  host.engine.onEvent((event) => structuredClone(event));
  const loadPage = async (): Promise<number> => {
    const result = await serveRequest(host.engine, 'getSnapshot', {}, (line) => log.push(line));
    if (!result.ok) throw new Error(`getSnapshot failed: ${result.error.message}`);
    return (structuredClone(result.value) as { incidents: unknown[] }).incidents.length;
  };
  await host.engine.ready();
  // The first load may show its first page before the rest: wait until every open incident is held.
  while ((await host.engine.getSnapshot({})).incidents.length < expected) await new Promise<void>((resolve) => setTimeout(resolve, 500));
  const incidents = await loadPage();
  process.on('message', (raw: unknown) => {
    const message = ParentMessage.safeParse(raw);
    if (!message.success) return;
    if (message.data.type === 'reload') void loadPage();
    else void host.close().then(() => process.exit(0));
  });
  const ready: DesktopReady = { type: 'ready', incidents, log: log.slice(-5) };
  process.send(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
