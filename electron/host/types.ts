/**
 * What a running console is, to whoever hosts it (the Electron shell, the headless
 * `serve` command, the CLI): an engine that serves the contract and pushes events, and,
 * in demo mode, the simulators it runs against.
 */
import type { ConsoleEngine } from '../engine/ports/console-engine';
import type { SettingsStore } from '../engine/settings-store';

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
  /** GitHub REST API base URL (octokit's baseUrl); run pages under the same origin. */
  gitHubApi: string;
  /** GitLab instance URL (REST API under /api/v4). */
  gitLabApi: string;
  /** Jenkins root URL. */
  jenkins: string;
  /** Splunk On-Call API base URL (routes under /api-public and /api-reporting). */
  splunkOnCallApi: string;
  /** Splunk On-Call REST endpoint integration URL: append `/<routing key>` and POST an alert. */
  splunkOnCallRestEndpoint: string;
}

export interface ConsoleHost {
  engine: ConsoleEngine;
  /** Present when the host started the simulators in-process (demo mode). */
  simulators: SimulatorEndpoints | null;
  /** The non-secret settings, when the host keeps them (the desktop reads launchAtLogin). */
  settings?: SettingsStore;
  close(): Promise<void>;
}
