#!/usr/bin/env node
// Launches the `oncall-console` CLI straight from its TypeScript source (via tsx), so it
// works right after `npm ci` with no build step. The CLI itself is electron/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../electron/cli/main.ts', import.meta.url).href);
process.exitCode = await runCli(process.argv.slice(2));
// Everything should be closed by now; if a stray handle keeps the loop alive, do not hang.
setTimeout(() => process.exit(), 2_000).unref();
