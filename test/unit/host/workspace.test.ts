import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadWorkspaceFile,
  MissingSecretError,
  parseWorkspace,
  readPagerDutySecrets,
  readSplunkOnCallSecrets,
  suggest,
  WorkspaceError,
} from '../../../electron/host/workspace';

/** The error parseWorkspace throws for text, or a failure if it does not throw one. */
function errorFor(text: string, fileName = 'workspace.yaml'): WorkspaceError {
  try {
    parseWorkspace(text, fileName);
  } catch (error) {
    if (error instanceof WorkspaceError) return error;
    throw error;
  }
  throw new Error('expected a WorkspaceError');
}

const valid = `name: Payments on-call            # optional
paging:
  provider: pagerduty
  baseUrl: https://api.pagerduty.com
  scope:
    teamIds: [PABC123]
    serviceIds: []
    assignedToMe: true
  pollIntervalSeconds: 7
  reconcileMinutes: 15
  requestTimeoutSeconds: 20
`;

describe('parseWorkspace', () => {
  it('reads a complete workspace', () => {
    expect(parseWorkspace(valid, 'workspace.yaml')).toEqual({
      name: 'Payments on-call',
      paging: {
        provider: 'pagerduty',
        baseUrl: 'https://api.pagerduty.com',
        scope: { teamIds: ['PABC123'], serviceIds: [], assignedToMe: true },
        pollIntervalSeconds: 7,
        reconcileMinutes: 15,
        requestTimeoutSeconds: 20,
      },
    });
  });

  it('fills in the defaults and drops a trailing slash from the URL', () => {
    const workspace = parseWorkspace('paging:\n  provider: pagerduty\n  baseUrl: http://127.0.0.1:8080/\n', 'w.yaml');
    expect(workspace).toEqual({
      name: 'Workspace',
      paging: {
        provider: 'pagerduty',
        baseUrl: 'http://127.0.0.1:8080',
        scope: { teamIds: [], serviceIds: [], assignedToMe: false },
        pollIntervalSeconds: 5,
        reconcileMinutes: 10,
        requestTimeoutSeconds: 10,
      },
    });
  });

  it('names the file, line, column and field of a bad URL', () => {
    const text = `name: x
paging:
  provider: pagerduty
  scope:
    teamIds: []

  baseUrl: api.pagerduty
`;
    expect(errorFor(text).message).toBe('workspace.yaml:7:12: paging.baseUrl: must be an http(s) URL (got "api.pagerduty")');
    expect(errorFor('paging:\n  provider: pagerduty\n  baseUrl: ftp://files.example\n').message).toContain(
      'workspace.yaml:3:12: paging.baseUrl: must be an http(s) URL',
    );
  });

  it('reports an unknown key on its own line, with a suggestion when one is close', () => {
    const text = `paging:
  provider: pagerduty
  baseUrl: https://api.pagerduty.com
  pollInterval: 5
  scope:
    assigned_to_me: true
`;
    const error = errorFor(text);
    expect(error.problems.map((p) => `${p.line}:${p.column}: ${p.problem}`)).toEqual([
      '4:3: paging.pollInterval: unknown key "pollInterval" (did you mean "pollIntervalSeconds"?)',
      '6:5: paging.scope.assigned_to_me: unknown key "assigned_to_me" (did you mean "assignedToMe"?)',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    const error = errorFor('colour: blue\npaging:\n  provider: pagerduty\n  baseUrl: https://x.example\n');
    expect(error.message).toBe(
      'workspace.yaml:1:1: colour: unknown key "colour" (expected one of: name, paging, incidentManagers, ticketing, automations, github, gitlab, jenkins, catalogue, delivery)',
    );
  });

  it('maps services to their repositories, pipelines and environments for delivery, with production named', () => {
    const base =
      'paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\ngithub: {}\ngitlab:\n  baseUrl: https://gitlab.example.com\n';
    const workspace = parseWorkspace(
      `${base}delivery:\n  services:\n    - service: Payments API\n      pagingNames: [payments-routing]\n      repository: { provider: github, name: acme/payments-api }\n      environments: [staging, production]\n      dependsOn: [Identity Service]\n    - service: Search API\n      repository: { provider: gitlab, name: search/platform/search-api }\n`,
      'workspace.yaml',
    );
    expect(workspace.delivery).toEqual({
      services: [
        {
          service: 'Payments API',
          pagingNames: ['payments-routing'],
          repository: { provider: 'github', name: 'acme/payments-api' },
          environments: ['staging', 'production'],
          production: 'production',
          dependsOn: ['Identity Service'],
        },
        {
          service: 'Search API',
          pagingNames: [],
          repository: { provider: 'gitlab', name: 'search/platform/search-api' },
          environments: ['production'],
          production: 'production',
          dependsOn: [],
        },
      ],
      failureWindowHours: 24,
      pollIntervalSeconds: 60,
    });
  });

  it('refuses a paging name that already names another delivery service, saying which', () => {
    const paging = 'paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\n';
    const service = (name: string, pagingNames: string) =>
      `    - service: ${name}\n      pagingNames: [${pagingNames}]\n      repository: { provider: github, name: acme/${name.toLowerCase().replace(' ', '-')} }\n`;
    expect(
      errorFor(`${paging}github: {}\ndelivery:\n  services:\n${service('Payments API', 'Search API')}${service('Search API', 'search')}`)
        .message,
    ).toMatch(/delivery\.services\[0\]\.pagingNames\[0\]: "Search API" already names Search API: each paging name leads to one service$/);
    expect(
      errorFor(
        `${paging}github: {}\ndelivery:\n  services:\n${service('Payments API', 'shared-key')}${service('Search API', 'Shared-Key')}`,
      ).message,
    ).toMatch(/delivery\.services\[1\]\.pagingNames\[0\]: "Shared-Key" already names Payments API/);
  });

  it('says what to fix in a delivery mapping: production not among the environments, a repository without its connection', () => {
    const paging = 'paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\n';
    expect(
      errorFor(
        `${paging}github: {}\ndelivery:\n  services:\n    - service: Payments API\n      repository: { provider: github, name: acme/payments-api }\n      environments: [staging]\n      production: prod\n`,
      ).message,
    ).toMatch(/^workspace\.yaml:10:19: delivery\.services\[0\]\.production: production must be one of the environments listed$/);
    expect(
      errorFor(
        `${paging}delivery:\n  services:\n    - service: Payments API\n      repository: { provider: github, name: acme/payments-api }\n`,
      ).message,
    ).toMatch(/Payments API is on GitHub: add a `github:` connection to the workspace/);
    expect(
      errorFor(
        `${paging}github: {}\ndelivery:\n  services:\n    - service: Payments API\n      repository: { provider: github, name: payments-api }\n`,
      ).message,
    ).toMatch(/a GitHub repository is OWNER\/NAME, e.g. acme\/payments-api/);
  });

  it('reports a missing section at the nearest line', () => {
    expect(errorFor('name: Team\n').message).toBe('workspace.yaml:1:1: paging: is required');
    expect(errorFor('name: Team\npaging:\n  provider: pagerduty\n').message).toBe('workspace.yaml:2:1: paging.baseUrl: is required');
    expect(errorFor('paging:\n  provider: pagerduty\n  baseUrl:\n').message).toBe('workspace.yaml:3:11: paging.baseUrl: needs a value');
  });

  it('reports out-of-range and wrongly typed numbers', () => {
    const text = `paging:
  provider: pagerduty
  baseUrl: https://api.pagerduty.com
  pollIntervalSeconds: 1
  reconcileMinutes: "10"
  requestTimeoutSeconds: 2.5
`;
    expect(errorFor(text).message.split('\n')).toEqual([
      'workspace.yaml:4:24: paging.pollIntervalSeconds: must be at least 2 (got 1)',
      'workspace.yaml:5:21: paging.reconcileMinutes: must be a number (got "10")',
      'workspace.yaml:6:26: paging.requestTimeoutSeconds: must be a whole number (got 2.5)',
    ]);
    expect(errorFor('paging:\n  provider: pagerduty\n  baseUrl: https://x.example\n  pollIntervalSeconds: 301\n').message).toBe(
      'workspace.yaml:4:24: paging.pollIntervalSeconds: must be at most 300 (got 301)',
    );
  });

  it('points at the right list item', () => {
    const text = 'paging:\n  provider: pagerduty\n  baseUrl: https://x.example\n  scope:\n    teamIds:\n      - PA\n      - 42\n';
    expect(errorFor(text).message).toBe('workspace.yaml:7:9: paging.scope.teamIds[1]: must be a string (got 42)');
  });

  it('refuses providers other than pagerduty', () => {
    expect(errorFor('paging:\n  provider: opsgenie\n  baseUrl: https://x.example\n').message).toBe(
      'workspace.yaml:2:13: paging.provider: must be "pagerduty" (got "opsgenie")',
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorFor('paging:\n  provider: pagerduty\n  baseUrl: "https://x.example\n');
    expect(error.message).toMatch(/^workspace\.yaml:3:\d+: invalid YAML: /);
    expect(errorFor('paging:\n  provider: pagerduty\n  provider: pagerduty\n').message).toMatch(
      /^workspace\.yaml:3:3: invalid YAML: .*unique/,
    );
  });

  it('refuses an empty file and a top level that is not a mapping', () => {
    expect(errorFor('').message).toMatch(/^workspace\.yaml:1:1: the file is empty/);
    expect(errorFor('# only a comment\n').message).toMatch(/the file is empty/);
    expect(errorFor('- paging\n').message).toBe('workspace.yaml:1:1: must be a mapping (got a list)');
    // A list is the several-platforms form: each item must be a platform's mapping.
    expect(errorFor('paging: [1, 2]\n').message.split('\n')).toEqual([
      'workspace.yaml:1:10: paging[0]: must be a mapping (got 1)',
      'workspace.yaml:1:13: paging[1]: must be a mapping (got 2)',
    ]);
    expect(errorFor('paging: 5\n').message).toBe(
      'workspace.yaml:1:9: paging: must be a mapping (one platform) or a list of platforms, PagerDuty first (got 5)',
    );
  });

  it('uses the file name it is given', () => {
    expect(errorFor('name: x\n', 'teams/payments.yaml').message).toMatch(/^teams\/payments\.yaml:1:1: /);
  });
});

describe('parseWorkspace with several paging platforms', () => {
  const twoPlatforms = `name: Two platforms
paging:
  - provider: pagerduty
    baseUrl: https://api.pagerduty.com
    pollIntervalSeconds: 7
  - provider: splunk-on-call
    apiUrl: https://api.victorops.com/
    orgSlug: acme
`;

  it('reads PagerDuty as paging and Splunk On-Call as the platform beside it', () => {
    expect(parseWorkspace(twoPlatforms, 'workspace.yaml')).toEqual({
      name: 'Two platforms',
      paging: {
        provider: 'pagerduty',
        baseUrl: 'https://api.pagerduty.com',
        scope: { teamIds: [], serviceIds: [], assignedToMe: false },
        pollIntervalSeconds: 7,
        reconcileMinutes: 10,
        requestTimeoutSeconds: 10,
      },
      morePaging: [{ provider: 'splunk-on-call', apiUrl: 'https://api.victorops.com', orgSlug: 'acme', requestTimeoutSeconds: 10 }],
    });
  });

  it('reads a list of one PagerDuty platform as the single form, and defaults the Splunk On-Call API URL', () => {
    const one = parseWorkspace('paging:\n  - provider: pagerduty\n    baseUrl: https://api.pagerduty.com\n', 'w.yaml');
    expect(one.paging.baseUrl).toBe('https://api.pagerduty.com');
    expect(one).not.toHaveProperty('morePaging');
    const defaulted = parseWorkspace(
      'paging:\n  - provider: pagerduty\n    baseUrl: https://api.pagerduty.com\n  - provider: splunk-on-call\n',
      'w.yaml',
    );
    expect(defaulted.morePaging).toEqual([{ provider: 'splunk-on-call', apiUrl: 'https://api.victorops.com', requestTimeoutSeconds: 10 }]);
  });

  it('names the line of a malformed platform: a bad URL, an unknown key, an unknown provider', () => {
    expect(errorFor(twoPlatforms.replace('https://api.victorops.com/', 'victorops')).message).toBe(
      'workspace.yaml:7:13: paging[1].apiUrl: must be an http(s) URL (got "victorops")',
    );
    expect(errorFor(`${twoPlatforms}    pollIntervalSecond: 5\n`).message).toMatch(
      /^workspace\.yaml:9:5: paging\[1\]\.pollIntervalSecond: unknown key "pollIntervalSecond"/,
    );
    expect(errorFor(twoPlatforms.replace('provider: splunk-on-call', 'provider: opsgenie')).message).toBe(
      'workspace.yaml:6:15: paging[1].provider: provider must be one of: "pagerduty", "splunk-on-call" (got "opsgenie")',
    );
  });

  it('says the first platform must be PagerDuty, and that a platform is named once', () => {
    const splunkFirst = `paging:
  - provider: splunk-on-call
  - provider: pagerduty
    baseUrl: https://api.pagerduty.com
`;
    expect(errorFor(splunkFirst).message).toBe(
      'workspace.yaml:2:15: paging[0].provider: the first platform must be PagerDuty for now (got "splunk-on-call"): list the pagerduty platform first',
    );
    expect(errorFor(`${twoPlatforms}  - provider: splunk-on-call\n`).message).toBe(
      'workspace.yaml:9:15: paging[2].provider: "splunk-on-call" is named twice: each platform at most once',
    );
    expect(errorFor('paging: []\n').message).toBe('workspace.yaml:1:9: paging: name at least the PagerDuty platform');
  });
});

describe('suggest', () => {
  it('finds typos, other casings and prefixes, and nothing for unrelated words', () => {
    const known = ['teamIds', 'serviceIds', 'assignedToMe'];
    expect(suggest('teamId', known)).toBe('teamIds');
    expect(suggest('servcieIds', known)).toBe('serviceIds');
    expect(suggest('ASSIGNED_TO_ME', known)).toBe('assignedToMe');
    expect(suggest('priority', known)).toBeNull();
  });
});

describe('loadWorkspaceFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file and reports problems with its path', () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, valid);
    expect(loadWorkspaceFile(good).name).toBe('Payments on-call');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'paging:\n  provider: pagerduty\n  baseUrl: nope\n');
    expect(() => loadWorkspaceFile(bad)).toThrow(`${bad}:3:12: paging.baseUrl: must be an http(s) URL (got "nope")`);
  });

  it('says when the file does not exist', () => {
    const missing = join(dir, 'missing.yaml');
    expect(() => loadWorkspaceFile(missing)).toThrow(
      new WorkspaceError(missing, [{ line: null, column: null, problem: 'cannot read the workspace file: no such file' }]),
    );
    expect(() => loadWorkspaceFile(missing)).toThrow(`${missing}: cannot read the workspace file: no such file`);
  });
});

describe('the sample workspace files', () => {
  it('are valid', async () => {
    const { readdirSync } = await import('node:fs');
    const examples = join(__dirname, '../../../examples');
    const files = readdirSync(examples).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => loadWorkspaceFile(join(examples, file)), file).not.toThrow();
  });
});

describe('readPagerDutySecrets', () => {
  it('reads the token and the From email', () => {
    expect(readPagerDutySecrets({ PAGERDUTY_TOKEN: ' abc ', PAGERDUTY_FROM: 'me@example.com' })).toEqual({
      token: 'abc',
      from: 'me@example.com',
    });
  });

  it('names each missing variable', () => {
    expect(() => readPagerDutySecrets({ PAGERDUTY_FROM: 'me@example.com' })).toThrow(/PAGERDUTY_TOKEN/);
    expect(() => readPagerDutySecrets({ PAGERDUTY_TOKEN: 'abc', PAGERDUTY_FROM: '  ' })).toThrow(MissingSecretError);
    expect(() => readPagerDutySecrets({ PAGERDUTY_TOKEN: 'abc' })).toThrow(/PAGERDUTY_FROM/);
    try {
      readPagerDutySecrets({});
    } catch (error) {
      expect((error as Error).message).toMatch(/PAGERDUTY_TOKEN.*and PAGERDUTY_FROM/);
      return;
    }
    throw new Error('expected an error');
  });
});

describe('readSplunkOnCallSecrets', () => {
  it('reads the API ID, the API key and the username', () => {
    expect(readSplunkOnCallSecrets({ SPLUNK_ONCALL_API_ID: ' acme ', SPLUNK_ONCALL_API_KEY: 'k', SPLUNK_ONCALL_USER: 'jdoe' })).toEqual({
      apiId: 'acme',
      apiKey: 'k',
      username: 'jdoe',
    });
  });

  it('names each missing variable on one line', () => {
    let message = '';
    try {
      readSplunkOnCallSecrets({ SPLUNK_ONCALL_API_ID: 'acme', SPLUNK_ONCALL_USER: 'jdoe' });
    } catch (error) {
      expect(error).toBeInstanceOf(MissingSecretError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Set the environment variable SPLUNK_ONCALL_API_KEY \(/);
    expect(message).not.toMatch(/SPLUNK_ONCALL_API_ID|SPLUNK_ONCALL_USER/);
    expect(message.split('\n')).toHaveLength(1);
    expect(() => readSplunkOnCallSecrets({ SPLUNK_ONCALL_API_KEY: 'k', SPLUNK_ONCALL_USER: 'jdoe' })).toThrow(/SPLUNK_ONCALL_API_ID/);
    expect(() => readSplunkOnCallSecrets({ SPLUNK_ONCALL_API_ID: 'a', SPLUNK_ONCALL_API_KEY: 'k', SPLUNK_ONCALL_USER: ' ' })).toThrow(
      /SPLUNK_ONCALL_USER/,
    );
  });
});
