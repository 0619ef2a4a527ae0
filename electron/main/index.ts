/**
 * Entry point of the Electron main process (bundled to out/main/index.js): starts the
 * desktop app on the desktop host (connections from Settings, secrets in the OS keychain,
 * the demo while there is none). Everything else lives in the modules next to it.
 */
import { resolve } from 'node:path';
import { defaultDataDir } from '../host/data-dir';
import { startDesktopHost } from '../host/desktop-host';
import { KeytarSecretStore } from '../host/keytar-secret-store';
import { startMainProcess } from './main-process';

const env = process.env;
// Settings live with the CLI's state, or in the profile folder a test or second profile names.
const settingsDir = env.ONCALL_USER_DATA_DIR?.trim() ? resolve(process.cwd(), env.ONCALL_USER_DATA_DIR.trim()) : defaultDataDir(env);
const secrets = new KeytarSecretStore();
// keytar is an optional dependency: where it is not installed, say at start in one line what to install.
void secrets.unavailable().then((missing) => missing && console.warn(missing));

startMainProcess({
  startHost: (options) => startDesktopHost({ ...options, settingsDir, secrets }),
  argv: process.argv,
  env,
  cwd: process.cwd(),
});
