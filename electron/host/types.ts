/**
 * What a running console is, to whoever hosts it (the Electron shell, the headless
 * `serve` command, the CLI): an engine that serves the contract and pushes events, and,
 * in demo mode, the simulators it runs against.
 */
import type { ConsoleEngine } from '../engine/console-engine';

export type { ConsoleEngine };

export interface SimulatorEndpoints {
  /** PagerDuty REST API base URL. */
  pagerDutyApi: string;
  /** PagerDuty Events API v2 enqueue URL. */
  pagerDutyEvents: string;
  /** ServiceNow instance URL (Table API under /api/now/table). */
  serviceNowApi: string;
  /** Jira Service Management site URL. */
  jiraServiceManagementApi: string;
}

export interface ConsoleHost {
  engine: ConsoleEngine;
  /** Present when the host started the simulators in-process (demo mode). */
  simulators: SimulatorEndpoints | null;
  close(): Promise<void>;
}
