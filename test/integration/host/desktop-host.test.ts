// The desktop host without Electron, secrets in memory: it starts on the demo, moves to
// the connections saved through the contract (restarting, with a workspaceChanged event),
// acts through them, and keeps no secret in settings.json. The same run with the real
// keychain and a scan of every file: test/integration/keychain/no-token-on-disk.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/engine/ports/secret-store';
import { runDesktopScenario } from '../keychain/desktop-scenario';

describe('startDesktopHost', () => {
  it('runs the demo until a PagerDuty connection is saved, then restarts onto the connections', async () => {
    const secrets = new MemorySecretStore();
    const tokens = {
      pagerDutyToken: 'pd-memory-token-3f1e2d',
      serviceNowPassword: 'sn-memory-password-8a7b',
      wrongServiceNowPassword: 'sn-mistyped-0c0c',
    };
    const result = await runDesktopScenario(secrets, tokens);
    try {
      expect(result.workspaceBefore).toMatchObject({ demo: true, name: 'Demo workspace' });
      expect(result.workspaceAfter).toMatchObject({
        demo: false,
        name: 'Payments',
        me: expect.objectContaining({ email: expect.any(String) }),
      });
      const changed = result.events.filter((event) => event.name === 'workspaceChanged');
      expect(changed.length).toBeGreaterThanOrEqual(1);
      expect(changed.at(-1)).toEqual({ name: 'workspaceChanged', payload: { workspace: result.workspaceAfter } });
      expect(secrets.accounts().sort()).toEqual([expect.stringMatching(/^pagerduty:/), expect.stringMatching(/^servicenow:/)]);
      const settings = readFileSync(join(result.dataDir, 'settings.json'), 'utf8');
      expect(settings).toContain('"kind": "servicenow"');
      expect(settings).not.toContain(tokens.pagerDutyToken);
      expect(settings).not.toContain(tokens.serviceNowPassword);
    } finally {
      result.cleanup();
    }
  });
});
