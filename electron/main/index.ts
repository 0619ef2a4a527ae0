/**
 * Entry point of the Electron main process (bundled to out/main/index.js): starts the
 * desktop app on the console host. Everything else lives in the modules next to it.
 */
import { startConsoleHost } from '../host/console-host';
import { startMainProcess } from './main-process';

startMainProcess({ startHost: startConsoleHost, argv: process.argv, env: process.env, cwd: process.cwd() });
