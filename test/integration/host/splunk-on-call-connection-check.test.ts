// "Test" on the Connections page for Splunk On-Call, over real HTTP against the Splunk
// On-Call simulator (accepting only one API ID and key): the right pair says whose key it is
// (the organisation's, by API ID) and which user the console acts as; a wrong key names the
// API ID and API key; an unknown username names the username. The key never shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionDraft } from '../../../shared/domain/connection-settings';
import { checkConnection } from '../../../electron/host/connection-check';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';

const API_ID = 'acme-4f2e';
const API_KEY = 'soc-check-key-7d1a90b3';

let simulator: SplunkOnCallSimulator;

beforeAll(async () => {
  simulator = await startSplunkOnCallSimulator({ seedIncidents: false, historyDays: 0, credentials: [{ apiId: API_ID, apiKey: API_KEY }] });
});

afterAll(async () => {
  await simulator.close();
});

const connection = (overrides: Record<string, unknown> = {}) =>
  ConnectionDraft.parse({
    kind: 'splunk-on-call',
    label: 'Acme on Splunk',
    apiUrl: simulator.apiUrl,
    apiId: API_ID,
    username: simulator.state.users[0]?.username,
    ...overrides,
  });

describe('checkConnection: Splunk On-Call', () => {
  it('the right API ID and key: GET /user/{username} says who the console acts as, with the organisation API ID', async () => {
    const user = simulator.state.users[0]!;
    const result = await checkConnection(connection(), API_KEY, { timeoutMs: 5_000 });
    const account = `${user.firstName} ${user.lastName} (${user.username})`;
    expect(result).toEqual({
      ok: true,
      message: `Signed in to Acme on Splunk (the organisation's API key, API ID ${API_ID}) as ${account}, the user the console acts as.`,
      account,
    });
    const asked = simulator.requests.at(-1);
    expect(asked).toMatchObject({ method: 'GET', path: `/api-public/v1/user/${user.username}` });
    expect(asked?.headers['x-vo-api-id']).toBe(API_ID);
  });

  it('a wrong API key: one line naming the API ID and API key, without the key', async () => {
    const wrongKey = 'soc-wrong-key-00000000';
    const result = await checkConnection(connection(), wrongKey, { timeoutMs: 5_000 });
    expect(result.ok).toBe(false);
    expect(result.account).toBeNull();
    expect(result.message).toMatch(/^Acme on Splunk refused the API ID and API key \(403\): check the API ID "acme-4f2e" and the API key/);
    expect(result.message).not.toContain(wrongKey);
    expect(result.message).not.toContain('\n');
  });

  it('a wrong API ID with the right key: the same message, naming the API ID typed', async () => {
    const result = await checkConnection(connection({ apiId: 'someone-else' }), API_KEY, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('check the API ID "someone-else" and the API key') });
    expect(result.message).not.toContain(API_KEY);
  });

  it('an unknown username: the key was accepted, the username field is to fix', async () => {
    const result = await checkConnection(connection({ username: 'no.such.user' }), API_KEY, { timeoutMs: 5_000 });
    expect(result).toEqual({
      ok: false,
      message:
        'Acme on Splunk accepted the API ID and key but knows no user "no.such.user": set Username to your Splunk On-Call username (as on your profile).',
      account: null,
    });
  });
});
