#!/usr/bin/env node
// `npm start` (after `electron-vite build`): runs the desktop app with the Electron binary,
// forwarding arguments and the exit code. Electron 45 downloads its binary lazily; when it
// is missing and cannot be fetched (ELECTRON_SKIP_BINARY_DOWNLOAD set, no internet), this
// says so in one line and starts the web console (`oncall-console serve --demo`) instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = join(root, 'node_modules', 'electron');
const downloadTimeoutMs = 120_000;

/** The Electron executable when its binary is installed, else null. Never downloads. */
function installedElectron() {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? join(override, relative) : join(electronPackage, 'dist', relative);
  return existsSync(executable) ? executable : null;
}

/** Tries Electron's own installer, quietly and with a time limit; true when the binary landed. */
function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  const installer = join(electronPackage, 'install.js');
  if (!existsSync(installer)) return false;
  console.log('Downloading the Electron binary (first start only)...');
  const result = spawnSync(process.execPath, [installer], { cwd: electronPackage, stdio: 'ignore', timeout: downloadTimeoutMs });
  return result.status === 0 && installedElectron() !== null;
}

/** Runs a child with our terminal, passes Ctrl-C on, and exits with its code. */
function runAndExit(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward(signal));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The web console's arguments: the user's own, plus --demo unless a workspace is named. */
function webConsoleArgs(args) {
  const namesWorkspace =
    args.some((arg) => arg === '--workspace' || arg.startsWith('--workspace=')) || Boolean(process.env.ONCALL_WORKSPACE);
  return ['serve', ...(namesWorkspace ? [] : ['--demo']), ...args];
}

function main() {
  const args = process.argv.slice(2);
  const electron = installedElectron() ?? (downloadElectron() ? installedElectron() : null);
  if (electron) {
    runAndExit(electron, ['.', ...args]);
    return;
  }
  const cli = join(root, 'bin', 'oncall-console.mjs');
  const why = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : 'the download did not succeed';
  console.log(
    `Electron's binary is not installed (${why}): starting the web console instead. ` +
      'Install it with `npx install-electron` on a machine with internet access.',
  );
  if (!existsSync(cli)) {
    console.error('The web console is not available either: bin/oncall-console.mjs is missing from this checkout.');
    process.exit(1);
  }
  runAndExit(process.execPath, [cli, ...webConsoleArgs(args)]);
}

try {
  main();
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
