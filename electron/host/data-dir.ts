/**
 * Where the console keeps its state (the durable outbox): the platform's per-user state
 * folder, shared by the desktop app, `serve` and the `incidents` commands.
 */
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const APP_DIR_NAME = 'oncall-console';

/**
 * The default data directory: `$XDG_STATE_HOME/oncall-console` or
 * `~/.local/state/oncall-console` on Linux, `~/Library/Application Support/oncall-console`
 * on macOS, `%LOCALAPPDATA%\oncall-console` on Windows.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), APP_DIR_NAME);
  const stateHome = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(stateHome, APP_DIR_NAME);
}

/** A fresh temporary data directory, for demo runs that must not touch real state. */
export function freshDemoDataDir(): string {
  return mkdtempSync(join(tmpdir(), `${APP_DIR_NAME}-demo-`));
}
