/**
 * Makes sure the built renderer (out/renderer) the render scenario serves exists and is
 * not older than its sources (renderer/, shared/, the build config): builds it with
 * `npx electron-vite build` when it is missing or stale, so the bench works on a fresh
 * clone after `npm ci` and never measures yesterday's page.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RendererBuild {
  dir: string;
  action: 'up-to-date' | 'built' | 'stale-not-rebuilt';
  /** Why it was (re)built, or not. */
  reason: string;
  durationMs: number;
}

const BUILD_TIMEOUT_MS = 5 * 60_000;
const SOURCES = ['renderer', 'shared', 'electron.vite.config.ts', 'package-lock.json'];

/** The newest modification time (ms) of the files under `path` (node_modules and dot-folders skipped). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

export async function ensureRendererBuilt(options: {
  repoRoot: string;
  allowBuild: boolean;
  log: (line: string) => void;
}): Promise<RendererBuild> {
  const dir = join(options.repoRoot, 'out', 'renderer');
  const index = join(dir, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(join(options.repoRoot, source))));
  const reason =
    builtAt === 0
      ? 'out/renderer/index.html is missing'
      : sourcesAt > builtAt
        ? 'renderer sources changed since the last build'
        : 'up to date';
  if (reason === 'up to date') return { dir, action: 'up-to-date', reason, durationMs: 0 };
  if (!options.allowBuild) {
    if (builtAt === 0)
      throw new Error('The renderer is not built (out/renderer/index.html is missing): run `npx electron-vite build`, or drop --no-build.');
    return { dir, action: 'stale-not-rebuilt', reason: `${reason} (--no-build given)`, durationMs: 0 };
  }
  options.log(`Building the renderer (${reason}): npx electron-vite build ...`);
  const t0 = performance.now();
  await runBuild(options.repoRoot);
  if (!existsSync(index)) throw new Error('npx electron-vite build finished but out/renderer/index.html is still missing');
  return { dir, action: 'built', reason, durationMs: performance.now() - t0 };
}

function runBuild(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'electron-vite', 'build'], {
      cwd,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run npx electron-vite build: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const tail = output.join('').trim().split('\n').slice(-30).join('\n');
      reject(new Error(`npx electron-vite build failed (${signal ?? `exit code ${code}`}):\n${tail}`));
    });
  });
}
