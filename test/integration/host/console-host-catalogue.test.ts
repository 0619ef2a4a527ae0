/**
 * The console host loads the workspace's catalogue: the demo gets the repository's
 * catalogue and its four personas; a workspace file's catalogue files are found relative
 * to it; a malformed catalogue file stops the start with file:line, offering and field.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleHost } from '../../../electron/host/console-host';
import type { ConsoleHost } from '../../../electron/host/types';
import { parseWorkspace } from '../../../electron/host/workspace';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';

const repo = join(import.meta.dirname, '../../..');

describe('console host: the service catalogue', () => {
  let root = '';
  let host: ConsoleHost | null = null;
  let simulator: PagerDutySimulator | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
    await simulator?.close();
    simulator = null;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function workspaceWith(catalogueYaml: Record<string, string>): Promise<{ file: string; env: NodeJS.ProcessEnv }> {
    root = mkdtempSync(join(tmpdir(), 'host-catalogue-'));
    simulator = await startPagerDutySimulator({ seedIncidents: 2, demo: false });
    mkdirSync(join(root, 'teams'));
    for (const [name, text] of Object.entries(catalogueYaml)) writeFileSync(join(root, 'teams', name), text);
    const file = join(root, 'workspace.yaml');
    const files = Object.keys(catalogueYaml).map((name) => `teams/${name}`);
    writeFileSync(
      file,
      `name: Team\npaging:\n  provider: pagerduty\n  baseUrl: ${simulator.baseUrl}\ncatalogue:\n  files: [${files.join(', ')}]\n`,
    );
    return { file, env: { PAGERDUTY_TOKEN: 'token', PAGERDUTY_FROM: simulator.state.me.email } };
  }

  it('demo: the repository catalogue, who is on call for each team, and the personas', async () => {
    root = mkdtempSync(join(tmpdir(), 'host-catalogue-'));
    host = await startConsoleHost({
      demo: true,
      dataDir: join(root, 'data'),
      env: {},
      demoIncidents: 3,
      demoNewIncidentEveryMs: 0,
      log: () => {},
    });
    const { catalogue, onCallByTeam } = await host.engine.getCatalogue({});
    expect(catalogue.teams.map((team) => team.id)).toEqual(['database-administration', 'network-engineering', 'platform-engineering']);
    expect(catalogue.offerings.map((offering) => offering.id)).toContain('restore-database-backup');
    expect(onCallByTeam['database-administration']?.length).toBeGreaterThan(0);
    const { personas, current } = await host.engine.getPersonas({});
    // The four from the directory, and the change system's change manager.
    expect(personas.map((persona) => persona.id)).toEqual(['developer', 'dba', 'network-engineer', 'incident-manager', 'change-manager']);
    expect(current).toBe('developer');
    expect(personas.find((persona) => persona.id === 'dba')?.triagesTeamIds).toEqual(['database-administration']);
    expect(personas.find((persona) => persona.id === 'developer')?.triagesTeamIds).toEqual([]);
    await host.engine.switchPersona({ personaId: 'network-engineer' });
    expect((await host.engine.getPersonas({})).current).toBe('network-engineer');
  });

  it('a workspace file: catalogue files relative to it; outside the demo only the workspace user, and no switching', async () => {
    const { file, env } = await workspaceWith({ 'dba.yaml': readFileSync(join(repo, 'catalogue/dba.yaml'), 'utf8') });
    host = await startConsoleHost({ demo: false, workspaceFile: file, dataDir: join(root, 'data'), env, log: () => {} });
    expect((await host.engine.getCatalogue({})).catalogue.offerings.map((offering) => offering.source.file)).toContain(
      join(root, 'teams/dba.yaml'),
    );
    const { personas, current } = await host.engine.getPersonas({});
    expect(personas).toHaveLength(1);
    expect(personas[0]?.user.email).toBe(simulator?.state.me.email);
    expect(current).toBe('developer');
    await expect(host.engine.switchPersona({ personaId: 'dba' })).rejects.toThrow(/demo feature/);
  });

  it('a malformed catalogue file stops the start with file:line, offering and field', async () => {
    const broken = readFileSync(join(repo, 'catalogue/network.yaml'), 'utf8').replace(
      'workflow: open-firewall-rule.yml',
      'workflow: open-firewall-rule',
    );
    const { file, env } = await workspaceWith({ 'network.yaml': broken });
    const line = broken.split('\n').findIndex((text) => text.includes('workflow: open-firewall-rule')) + 1;
    const error = await startConsoleHost({ demo: false, workspaceFile: file, dataDir: join(root, 'data'), env, log: () => {} }).then(
      (started) => {
        host = started;
        return null;
      },
      (caught: unknown) => caught as Error,
    );
    expect(error).not.toBeNull();
    expect(error?.message).toContain(`${join(root, 'teams/network.yaml')}:${line}:`);
    expect(error?.message).toContain('offering "open-firewall-rule": pipeline.workflow:');
    expect(error?.message).toMatch(/workflow file name in \.github\/workflows/);
  });

  it('the workspace schema refuses an empty catalogue section', () => {
    expect(() =>
      parseWorkspace('paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\ncatalogue:\n  files: []\n', 'w.yaml'),
    ).toThrow(/w\.yaml:5:\d+: catalogue\.files: must have at least 1/);
  });
});
