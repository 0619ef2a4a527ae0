/**
 * The contract's settings and connections requests, as one slice the engine hands on:
 * the host answers them (host/connections.ts) because storing a connection needs the
 * settings file and the keychain, and importing one needs the workspace parser.
 */
import type { ConsoleApi } from '../../shared/contract';

type SettingsRequestName =
  | 'getSettings'
  | 'updateSettings'
  | 'listConnections'
  | 'testConnection'
  | 'saveConnection'
  | 'removeConnection'
  | 'exportWorkspace'
  | 'importWorkspace';

export type SettingsApi = Pick<ConsoleApi, SettingsRequestName>;
