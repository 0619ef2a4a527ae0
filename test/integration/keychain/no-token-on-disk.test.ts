// After the desktop host has run with real connections (PagerDuty and ServiceNow
// simulators that accept only these secrets, the secrets in a real keychain), no secret
// appears in any file under the data directories (settings.json, the SQLite outbox and
// its WAL, host-id, ...) nor in any log line, raw, base64 or URL-encoded. Runs under
// `npm run test:keychain` (ONCALL_KEYCHAIN_TEST=1); skipped otherwise.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../electron/host/keytar-secret-store';
import { INTEGRATION_USER_NAME } from '../../../electron/simulators/servicenow';
import { filesUnder, runDesktopScenario, tokenForms } from './desktop-scenario';

const enabled = process.env.ONCALL_KEYCHAIN_TEST === '1';
if (!enabled) {
  console.log('Skipping the no-token-on-disk test: it needs a Secret Service; run `npm run test:keychain` (sets ONCALL_KEYCHAIN_TEST=1).');
}

describe.runIf(enabled)('no token on disk or in the logs', () => {
  it('keeps every secret in the keychain only, after syncing and acting with real connections', async () => {
    const service = `On-Call Console test ${randomBytes(4).toString('hex')}`;
    const secrets = new KeytarSecretStore({ service });
    // Distinctive values that occur nowhere else by chance.
    const tokens = {
      pagerDutyToken: `pdTOKEN${randomBytes(16).toString('hex')}`,
      serviceNowPassword: `snPASS${randomBytes(16).toString('hex')}`,
      wrongServiceNowPassword: `snWRONG${randomBytes(16).toString('hex')}`,
    };
    const result = await runDesktopScenario(secrets, tokens);
    try {
      expect(result.workspaceAfter.demo).toBe(false);
      const files = [...filesUnder(result.dataDir), ...filesUnder(result.demoDataDir)];
      const names = files.map((file) => file.slice(result.dataDir.length));
      expect(names).toEqual(expect.arrayContaining(['/settings.json', '/host-id', expect.stringMatching(/^\/outbox-.*\.sqlite/)]));
      const forms = [
        ...tokenForms(tokens.pagerDutyToken),
        ...tokenForms(tokens.serviceNowPassword, INTEGRATION_USER_NAME),
        ...tokenForms(tokens.wrongServiceNowPassword, INTEGRATION_USER_NAME),
      ];
      for (const file of files) {
        const bytes = readFileSync(file);
        for (const form of forms) {
          expect(bytes.includes(Buffer.from(form)), `${file} holds a secret (${form.slice(0, 6)}...)`).toBe(false);
          expect(bytes.includes(Buffer.from(form, 'utf16le')), `${file} holds a secret in UTF-16`).toBe(false);
        }
      }
      // The run logged (the refused sign-in at least), and none of it holds a secret.
      expect(result.logs.some((line) => /ServiceNow/.test(line))).toBe(true);
      const logText = result.logs.join('\n');
      for (const form of forms) expect(logText.includes(form), `a log line holds a secret (${form.slice(0, 6)}...)`).toBe(false);

      // The secrets are where they belong, and go with their connections.
      const accounts = JSON.parse(readFileSync(`${result.dataDir}/settings.json`, 'utf8')).connections.map(
        (connection: { kind: string; id: string }) => `${connection.kind}:${connection.id}`,
      ) as string[];
      expect(await Promise.all(accounts.map((account) => secrets.get(account)))).toEqual([
        tokens.pagerDutyToken,
        tokens.serviceNowPassword,
      ]);
      await Promise.all(accounts.map((account) => secrets.delete(account)));
    } finally {
      result.cleanup();
    }
  });
});
