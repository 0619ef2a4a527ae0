/**
 * Change: what the pipeline's gate costs and how fast it answers. Runs the real command
 * line (`node bin/oncall-console.mjs change gate ...`, a new process each time, as a CI
 * step would) against the ServiceNow and PagerDuty simulators, and measures:
 * - the gate's decision time, from process start to exit, for a deployment an approved
 *   standard change covers;
 * - the requests one decision makes to ServiceNow (the change system) and to PagerDuty
 *   (the freeze check), counted in the simulators' logs;
 * - how soon a gate waiting with `--wait` passes after the change manager approves in the
 *   console (the engine's decideChange, as the approval queue's Approve button calls it:
 *   the decision goes through the outbox to ServiceNow as her approval).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import { CHANGE_MANAGER_USER_NAME, startServiceNowSimulator } from '../../electron/simulators/servicenow';
import { createEngine } from '../../electron/host/create-engine';
import { Outbox } from '../../electron/engine/outbox';
import { systemClock } from '../../electron/engine/ports';
import { createPagerDutyProvider } from '../../electron/providers/pagerduty';
import { createServiceNowChangeSystem } from '../../electron/providers/servicenow';
import { makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';

export interface ChangeOptions {
  /** Gate decisions to time. */
  decisions: number;
  /** Approvals a waiting gate is timed through. */
  approvals: number;
}

const BIN = resolve(import.meta.dirname, '../../bin/oncall-console.mjs');
const SERVICE = 'Payments API';
const TEMPLATE = 'Payments API - routine deployment';
/** The waiting gate's poll interval: the approval target is this plus 1 s. */
const POLL_MS = 2_000;
/** The gate's decision time target (p95), from process start to exit. */
const GATE_TARGET_MS = 2_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI to its end; `onStderr` sees stderr as it comes (a waiting gate's lines). */
function cli(args: string[], env: NodeJS.ProcessEnv, onStderr?: (text: string) => void): Promise<Run> {
  const t0 = performance.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

export async function runChange(options: ChangeOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'bench-change-'));
  const pagerDuty = await startPagerDutySimulator({ seedIncidents: 100, demo: false });
  const serviceNow = await startServiceNowSimulator({});
  try {
    const workspace = join(root, 'workspace.yaml');
    writeFileSync(
      workspace,
      `name: Change bench\npaging:\n  provider: pagerduty\n  baseUrl: ${pagerDuty.baseUrl}\nticketing:\n  provider: servicenow\n  instanceUrl: ${serviceNow.baseUrl}\n`,
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: root,
      TMPDIR: root,
      PAGERDUTY_TOKEN: 'bench-token',
      PAGERDUTY_FROM: pagerDuty.state.me.email,
      SERVICENOW_USER: 'oncall.console',
      SERVICENOW_PASSWORD: 'bench',
    };
    const change = (args: string[], onStderr?: (text: string) => void) => cli(['change', ...args, '--workspace', workspace], env, onStderr);
    const must = (run: Run, what: string) => {
      if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stdout}${run.stderr}`);
      return run;
    };

    // An approved standard change covers 3.0.0: every decision below is "permitted".
    must(await change(['open', '--service', SERVICE, '--version', '3.0.0', '--commit', 'b3nch00', '--template', TEMPLATE]), 'change open');
    const decisionMs: number[] = [];
    const serviceNowRequests: number[] = [];
    const pagerDutyRequests: number[] = [];
    for (let index = 0; index < options.decisions; index++) {
      serviceNow.resetRequestLog();
      pagerDuty.resetRequestLog();
      const run = must(await change(['gate', '--service', SERVICE, '--version', '3.0.0']), 'change gate');
      decisionMs.push(run.ms);
      serviceNowRequests.push(serviceNow.requests.length);
      pagerDutyRequests.push(pagerDuty.requests.length);
    }

    // The console, as the change manager persona (Grace Hopper) runs it: her approval goes through its outbox.
    const outbox = new Outbox(join(root, 'outbox.sqlite'), systemClock);
    const engine = createEngine({
      paging: createPagerDutyProvider({ baseUrl: pagerDuty.baseUrl, token: 'bench-token', from: pagerDuty.state.me.email, scope: {} }),
      outbox,
      clock: systemClock,
      workspace: { name: 'Change bench', demo: true, me: null, pollIntervalMs: 60_000 },
      reconcileIntervalMs: 10 * 60_000,
      changes: {
        system: createServiceNowChangeSystem({
          instanceUrl: serviceNow.baseUrl,
          auth: { kind: 'basic', user: 'oncall.console', password: 'bench' },
        }),
        personas: [
          {
            id: 'change-manager',
            label: 'Change manager',
            user: { id: CHANGE_MANAGER_USER_NAME, name: 'Grace Hopper', email: 'grace.hopper@example.com' },
            triagesTeamIds: [],
          },
        ],
      },
    }).start();
    await engine.switchPersona({ personaId: 'change-manager' });

    // A normal change waits for the change manager; the gate waits with --wait and passes after her approval in the console.
    const approvalMs: number[] = [];
    const decisions: Promise<unknown>[] = [];
    for (let index = 0; index < options.approvals; index++) {
      const version = `3.1.${index}`;
      const opened = must(
        await change(['open', '--service', SERVICE, '--version', version, '--commit', 'b3nch01', '--normal', '--json']),
        'change open --normal',
      );
      const { id } = JSON.parse(opened.stdout) as { id: string };
      let approvedAt = 0;
      const run = await change(
        ['gate', '--service', SERVICE, '--version', version, '--wait', '--poll', `${POLL_MS / 1000}s`, '--timeout', '2m'],
        (stderr) => {
          if (approvedAt === 0 && stderr.includes('Waiting: ')) {
            approvedAt = performance.now();
            decisions.push(engine.decideChange({ changeId: id, decision: 'approved', comment: '' }));
          }
        },
      );
      must(run, 'change gate --wait');
      if (approvedAt === 0) throw new Error('the gate never waited: it should have, for a normal change in Authorize');
      approvalMs.push(performance.now() - approvedAt);
    }
    await Promise.all(decisions);
    await engine.stop();
    outbox.close();

    return {
      rows: [
        makeRow({
          scenario: 'change',
          metric: 'gate decision, process start to exit',
          unit: 'ms',
          summary: summarize(decisionMs),
          show: 'p95',
          target: { atMost: GATE_TARGET_MS, appliesTo: 'p95' },
        }),
        makeRow({
          scenario: 'change',
          metric: 'ServiceNow requests per gate decision',
          unit: 'requests',
          summary: summarize(serviceNowRequests),
          show: 'max',
          target: { atMost: 2, appliesTo: 'max' },
        }),
        makeRow({
          scenario: 'change',
          metric: 'PagerDuty requests per gate decision (freeze check, 100 open incidents)',
          unit: 'requests',
          summary: summarize(pagerDutyRequests),
          show: 'max',
        }),
        makeRow({
          scenario: 'change',
          metric: `approval to a waiting gate passing (--poll ${POLL_MS / 1000}s)`,
          unit: 'ms',
          summary: summarize(approvalMs),
          show: 'max',
          target: { atMost: POLL_MS + 1_000, appliesTo: 'max' },
        }),
      ],
      notes: [
        `Each gate decision is a new process (node bin/oncall-console.mjs change gate, as a CI step runs it, TypeScript loaded through tsx), timed from spawn to exit, for a deployment an approved standard change covers (${options.decisions} decisions). Requests are counted in the simulators' logs. The approval is given in the console (the engine's decideChange as the change manager persona, ${CHANGE_MANAGER_USER_NAME}: recorded in the outbox, sent to ServiceNow as her approval) once the waiting gate has printed its first "Waiting:" line, and timed from that request to the gate's exit.`,
      ],
      details: { decisionMs, serviceNowRequests, pagerDutyRequests, approvalMs },
      durationMs: performance.now() - started,
    };
  } finally {
    await Promise.all([pagerDuty.close(), serviceNow.close()]);
    rmSync(root, { recursive: true, force: true });
  }
}
