/**
 * The console host wires the workspace's incident managers into the engine: the demo
 * workspace names the simulator's incident-manager policy, a workspace file its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleHost } from '../../../electron/host/console-host';
import type { ConsoleHost } from '../../../electron/host/types';
import { parseWorkspace } from '../../../electron/host/workspace';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';

describe('console host: incident managers for the on-call panel', () => {
  let root: string;
  let host: ConsoleHost | null = null;
  let simulator: PagerDutySimulator | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
    await simulator?.close();
    simulator = null;
    rmSync(root, { recursive: true, force: true });
  });

  it('in demo mode, names the simulator incident-manager policy and lists who is on call', async () => {
    root = mkdtempSync(join(tmpdir(), 'host-oncalls-'));
    host = await startConsoleHost({
      demo: true,
      dataDir: join(root, 'data'),
      env: {},
      demoIncidents: 5,
      demoNewIncidentEveryMs: 0,
      log: () => {},
    });
    await host.engine.ready();
    const { oncalls, incidentManagerPolicyIds } = await host.engine.getOnCalls({});
    expect(incidentManagerPolicyIds).toHaveLength(1);
    const managers = oncalls.filter((oncall) => oncall.escalationPolicy.id === incidentManagerPolicyIds[0]);
    expect(managers[0]?.escalationPolicy.name).toBe('Incident Managers');
    expect(managers.some((oncall) => oncall.level === 1)).toBe(true);
    const directory = await host.engine.getDirectory({});
    expect(directory.escalationPolicies.map((policy) => policy.id)).toContain(incidentManagerPolicyIds[0]);
  });

  it('takes them from the workspace file', async () => {
    root = mkdtempSync(join(tmpdir(), 'host-oncalls-'));
    simulator = await startPagerDutySimulator({ seedIncidents: 3 });
    const file = join(root, 'workspace.yaml');
    writeFileSync(
      file,
      `name: Team\npaging:\n  provider: pagerduty\n  baseUrl: ${simulator.baseUrl}\nincidentManagers:\n  escalationPolicyIds: [PIMGR01, PIMGR02]\n`,
    );
    host = await startConsoleHost({
      demo: false,
      workspaceFile: file,
      dataDir: join(root, 'data'),
      env: { PAGERDUTY_TOKEN: 'file-token', PAGERDUTY_FROM: simulator.state.me.email },
      log: () => {},
    });
    await host.engine.ready();
    expect((await host.engine.getOnCalls({})).incidentManagerPolicyIds).toEqual(['PIMGR01', 'PIMGR02']);
    expect(() =>
      parseWorkspace(
        'paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\nincidentManagers:\n  policies: [X]\n',
        'w.yaml',
      ),
    ).toThrow(/policies/);
  });
});
