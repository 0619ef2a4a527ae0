/**
 * Waiting, in a one-shot command, until the workspace's paging platforms have been read. The
 * engine is ready once the first platform has loaded (a desktop queue shows what it has); a
 * list, or an action by number, needs every platform's incidents, so this also waits, within
 * the same time, for each platform's first load or first failure, and says which one could not
 * be read (its incidents are then missing from what the command saw).
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { ConsoleEngine } from '../host/types';
import { CliError } from './cli-error';
import { platformName } from './paging-platforms';

/** Check again at least this often, whatever events say. */
const RECHECK_MS = 250;

export async function waitForPagingPlatforms(
  engine: Pick<ConsoleEngine, 'ready' | 'getSnapshot' | 'onEvent'>,
  timeoutMs: number,
  platforms: readonly string[],
  warn: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const names = platforms.map(platformName).join(' and ');
  if (
    (await raceDeadline(
      engine.ready().then(() => 'ready' as const),
      deadline,
    )) !== 'ready'
  ) {
    const snapshot = await engine.getSnapshot({}).catch(() => null);
    const problem = snapshot?.connections.find((connection) => connection.message)?.message;
    throw new CliError(`Could not sync with ${names} within ${Math.round(timeoutMs / 1000)} s${problem ? `: ${problem}` : '.'}`);
  }
  let wake: () => void = () => {};
  const unsubscribe = engine.onEvent((event) => {
    if (event.name === 'connectionChanged') wake();
  });
  try {
    let unread: ConnectionStatus[] = [];
    for (;;) {
      const { connections } = await engine.getSnapshot({});
      unread = connections.filter((connection) => connection.paging && connection.lastSuccessAt === null);
      const stillLoading = unread.filter((connection) => connection.message === null);
      if (stillLoading.length === 0 || Date.now() >= deadline) break;
      await raceDeadline(
        new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, RECHECK_MS);
        }),
        deadline,
      );
    }
    for (const connection of unread) {
      warn(
        `${connection.label} could not be read${connection.message ? `: ${connection.message}` : ' in time'}; its incidents are left out.`,
      );
    }
  } finally {
    unsubscribe();
  }
}

/** The promise's value, or 'timeout' once the deadline has passed. */
async function raceDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
