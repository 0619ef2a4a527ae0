import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CatalogueError,
  loadCatalogue,
  parseCatalogue,
  type CatalogueSource,
  validateFormData,
} from '../../../electron/host/catalogue-loader';
import { pipelineParameters, requestIdParameterOf, teamOf, type Offering } from '../../../shared/domain/catalogue';
import { pagerDutyDemoOrg, buildServiceNowDemoData } from '../../../electron/simulators/servicenow/demo-data';
import { demoRepositories } from '../../../electron/simulators/github/demo-data';
import { demoJobs } from '../../../electron/simulators/jenkins/demo-data';

const DEMO_FILES = [resolve('catalogue/dba.yaml'), resolve('catalogue/network.yaml')];

/** The CatalogueError parseCatalogue throws for these sources, or a failure if it throws none. */
function errorFor(sources: CatalogueSource[]): CatalogueError {
  try {
    parseCatalogue(sources);
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError');
}

const TEAM = `team:
  id: database-administration
  name: Database Administration
  assignmentGroup: Database Administration
`;

/** A valid self-service offering; `edit` changes its text to make one mistake. */
function restoreBackup(edit: (text: string) => string = (text) => text): string {
  return edit(`  - id: restore-backup
    title: Restore a database backup
    description: Restores a backup.
    kind: self-service
    risk: high
    sla: { response: 30m, resolution: 4h }
    approval:
      anyOf: { group: Database Administration }
    form:
      type: object
      required: [database, backup_id]
      properties:
        database: { type: string, enum: [payments, ledger] }
        backup_id: { type: string, pattern: "^[0-9]{8}-[0-9]{4}$", examples: ["20260106-0200"] }
        target_environment: { type: string, enum: [staging, production] }
    pipeline:
      kind: github-actions
      repository: acme/db-ops
      workflow: restore-backup.yml
      inputs:
        database: "{{form.database}}"
        backup_id: "{{form.backup_id}}"
        requested_by: "{{requester.email}}"
`);
}

const dbaFile = (offerings: string) => ({ file: 'catalogue/dba.yaml', text: `${TEAM}offerings:\n${offerings}` });

describe('parseCatalogue', () => {
  it('builds the model: team defaults, durations in ms, pipeline defaults and the source line', () => {
    const catalogue = parseCatalogue([dbaFile(restoreBackup())]);
    expect(catalogue.teams).toEqual([
      {
        id: 'database-administration',
        name: 'Database Administration',
        assignmentGroup: 'Database Administration',
        escalationPolicy: null,
      },
    ]);
    const [offering] = catalogue.offerings;
    expect(offering).toMatchObject({
      id: 'restore-backup',
      teamId: 'database-administration',
      kind: 'self-service',
      keywords: [],
      uiSchema: {},
      sla: { responseMs: 30 * 60_000, resolutionMs: 4 * 3_600_000 },
      approval: { anyOf: { group: 'Database Administration' } },
      pipeline: { kind: 'github-actions', repository: 'acme/db-ops', workflow: 'restore-backup.yml', ref: 'main' },
      source: { file: 'catalogue/dba.yaml', line: 6 },
    });
    expect(offering?.form.required).toEqual(['database', 'backup_id']);
  });

  it('names the file, line, column, offering and field of a template that names a missing form field', () => {
    const error = errorFor([dbaFile(restoreBackup((text) => text.replace('"{{form.backup_id}}"', '"{{form.backup}}"')))]);
    expect(error.message).toBe(
      'catalogue/dba.yaml:27:20: offering "restore-backup": pipeline.inputs.backup_id: refers to form field "backup" which the form does not define (fields: database, backup_id, target_environment)',
    );
    expect(error.problems).toEqual([expect.objectContaining({ file: 'catalogue/dba.yaml', line: 27, column: 20 })]);
  });

  it.each([
    [
      'an unknown context name',
      (t: string) => t.replace('{{requester.email}}', '{{user.email}}'),
      '28:23: offering "restore-backup": pipeline.inputs.requested_by: "{{user.email}}" is not a name templates know',
    ],
    [
      'unbalanced braces',
      (t: string) => t.replace('"{{form.database}}"', '"{{form.database}"'),
      '26:19: offering "restore-backup": pipeline.inputs.database: unbalanced braces',
    ],
    [
      'a self-service offering without a pipeline',
      (t: string) => t.replace(/ {4}pipeline:[\s\S]*$/, ''),
      '9:11: offering "restore-backup": kind: a self-service offering needs a `pipeline`',
    ],
    [
      'an expertise offering with a pipeline',
      (t: string) => t.replace('kind: self-service', 'kind: expertise').replace(/ {4}approval:\n.*\n/, ''),
      '19:5: offering "restore-backup": pipeline: an expertise offering has no pipeline',
    ],
    [
      'an expertise offering with an approval',
      (t: string) => t.replace('kind: self-service', 'kind: expertise').replace(/ {4}pipeline:[\s\S]*$/, ''),
      '13:7: offering "restore-backup": approval: approval applies to self-service runs',
    ],
    [
      'an empty approval group',
      (t: string) => t.replace('group: Database Administration', 'group: ""'),
      '13:23: offering "restore-backup": approval.anyOf.group: must not be empty',
    ],
    [
      'no approvers',
      (t: string) => t.replace('anyOf: { group: Database Administration }', 'allOf: { people: [] }'),
      '13:24: offering "restore-backup": approval.allOf.people: must have at least 1 item(s)',
    ],
    [
      'an approver that is not an email',
      (t: string) => t.replace('anyOf: { group: Database Administration }', 'allOf: { people: [noah] }'),
      '13:25: offering "restore-backup": approval.allOf.people[0]: must be a valid email address (got "noah")',
    ],
    [
      'an approval of another shape',
      (t: string) => t.replace('anyOf: { group: Database Administration }', 'oneOf: { group: x }'),
      '13:7: offering "restore-backup": approval: must be "none", {anyOf: {group: <group name>}} or {allOf: {people: [<email>, ...]}}',
    ],
    [
      'a bad duration',
      (t: string) => t.replace('response: 30m', 'response: half an hour'),
      '11:22: offering "restore-backup": sla.response: use a duration such as "30m", "4h", "2d", "1d 12h" or ISO 8601 "PT4H" (got "half an hour")',
    ],
    [
      'a response target beyond the resolution target',
      (t: string) => t.replace('response: 30m', 'response: 1d'),
      '11:22: offering "restore-backup": sla.response: the response target must not be longer than the resolution target',
    ],
    [
      'an unknown risk',
      (t: string) => t.replace('risk: high', 'risk: extreme'),
      '10:11: offering "restore-backup": risk: must be "low" or "medium" or "high" (got "extreme")',
    ],
    [
      'a required field the form lacks',
      (t: string) => t.replace('[database, backup_id]', '[database, backup]'),
      '16:28: offering "restore-backup": form.required[1]: "backup" is not a field of the form (fields: database, backup_id, target_environment)',
    ],
    [
      'a pattern that is not a regular expression',
      (t: string) => t.replace('"^[0-9]{8}-[0-9]{4}$"', '"([0-9"'),
      '19:45: offering "restore-backup": form.properties.backup_id.pattern: is not a valid regular expression',
    ],
    [
      'a field type forms cannot show',
      (t: string) => t.replace('backup_id: { type: string', 'backup_id: { type: object'),
      '19:28: offering "restore-backup": form.properties.backup_id.type: must be "string", "integer", "number", "boolean" or "array" (of strings) (got "object")',
    ],
    [
      'a mistyped schema keyword',
      (t: string) => t.replace('pattern:', 'patern:'),
      '19:36: offering "restore-backup": form.properties.backup_id.patern: unknown key "patern" (did you mean "pattern"?)',
    ],
    [
      'an unknown pipeline kind',
      (t: string) => t.replace('kind: github-actions', 'kind: circleci'),
      '22:13: offering "restore-backup": pipeline.kind: must be "github-actions", "gitlab" or "jenkins" (got "circleci")',
    ],
    [
      'a repository without its owner',
      (t: string) => t.replace('repository: acme/db-ops', 'repository: db-ops'),
      '23:19: offering "restore-backup": pipeline.repository: use owner/name, e.g. "acme/db-ops" (got "db-ops")',
    ],
    [
      'a mapping of the request id input',
      (t: string) => t.replace('requested_by: "{{requester.email}}"', 'console_request_id: "{{request.id}}"'),
      '28:9: offering "restore-backup": pipeline.inputs.console_request_id: console_request_id carries the request id and is filled in by the console',
    ],
    [
      'an id that is not kebab-case',
      (t: string) => t.replace('id: restore-backup', 'id: Restore_Backup'),
      '6:9: offering "Restore_Backup": id: use kebab-case',
    ],
  ])('refuses %s', (_what, edit, expected) => {
    const error = errorFor([dbaFile(restoreBackup(edit))]);
    expect(error.message).toContain(`catalogue/dba.yaml:${expected}`);
    expect(error.problems).toHaveLength(1);
  });

  it('reports the deeper problems of well-formed offerings alongside the schema problems of others', () => {
    const second = restoreBackup((t) => t.replace('id: restore-backup', 'id: second').replace('risk: high', 'risk: extreme'));
    const first = restoreBackup((t) => t.replace('{{form.backup_id}}', '{{form.backup}}'));
    expect(errorFor([dbaFile(first + second)]).message.split('\n')).toEqual([
      expect.stringMatching(
        /^catalogue\/dba\.yaml:27:20: offering "restore-backup": pipeline\.inputs\.backup_id: refers to form field "backup"/,
      ),
      'catalogue/dba.yaml:33:11: offering "second": risk: must be "low" or "medium" or "high" (got "extreme")',
    ]);
  });

  it('checks UI hints against the form', () => {
    const offering = restoreBackup().replace(
      '    pipeline:',
      `    uiSchema:
      ui:order: [database, backup_id]
      database: { ui:widget: textarea }
      target_env: { ui:help: x }
    pipeline:`,
    );
    expect(errorFor([dbaFile(offering)]).message.split('\n')).toEqual([
      'catalogue/dba.yaml:22:17: offering "restore-backup": uiSchema.ui:order: leaves out target_environment (list every field, or add "*" for the rest)',
      'catalogue/dba.yaml:23:30: offering "restore-backup": uiSchema.database.ui:widget: textarea fits a free-text string field',
      'catalogue/dba.yaml:24:7: offering "restore-backup": uiSchema.target_env: "target_env" is not a field of the form (fields: database, backup_id, target_environment)',
    ]);
  });

  it('collects every problem of every file, in file order, one per line', () => {
    const network = {
      file: 'catalogue/network.yaml',
      text: `team:
  id: network-engineering
  name: Network Engineering
  assignmentGroup: Network Engineering
offerings:
  - id: restore-backup
    title: Copy
    description: A copy with the same id.
    kind: expertise
    risk: low
    sla: { response: 1h, resolution: 1d }
    form: { type: object, properties: { what: { type: string } } }
  - id: investigate-latency
    title: Latency
    description: Someone looks.
    kind: expertise
    team: platform
    risk: lowish
    sla: { response: 1h, resolution: 1d }
    form: { type: object, properties: { what: { type: string } } }
`,
    };
    const broken = dbaFile(restoreBackup((t) => t.replace('risk: high', 'risk: extreme').replace('{{form.backup_id}}', '{{form.backup}}')));
    expect(errorFor([broken, network]).message.split('\n')).toEqual([
      'catalogue/dba.yaml:10:11: offering "restore-backup": risk: must be "low" or "medium" or "high" (got "extreme")',
      'catalogue/network.yaml:18:11: offering "investigate-latency": risk: must be "low" or "medium" or "high" (got "lowish")',
    ]);
    // Once each file is right on its own, the checks across files run.
    const fixedNetwork = { ...network, text: network.text.replace('lowish', 'low') };
    expect(errorFor([dbaFile(restoreBackup()), fixedNetwork]).message.split('\n')).toEqual([
      'catalogue/network.yaml:6:9: offering "restore-backup": id: is already used by the offering at catalogue/dba.yaml:6 (ids are unique across all catalogue files)',
      'catalogue/network.yaml:17:11: offering "investigate-latency": team: no catalogue file defines team "platform" (teams: database-administration, network-engineering)',
    ]);
  });

  it("lets an offering belong to another file's team", () => {
    const network = `team:\n  id: network-engineering\n  name: Network Engineering\n  assignmentGroup: Network Engineering\n`;
    const offering = restoreBackup((t) => t.replace('    kind: self-service', '    team: network-engineering\n    kind: self-service'));
    const catalogue = parseCatalogue([
      dbaFile(offering),
      { file: 'catalogue/network.yaml', text: `${network}offerings:\n${restoreBackup((t) => t.replace('restore-backup', 'other'))}` },
    ]);
    expect(catalogue.offerings.map((o) => [o.id, o.teamId])).toEqual([
      ['restore-backup', 'network-engineering'],
      ['other', 'network-engineering'],
    ]);
  });

  it('refuses a team defined twice', () => {
    const error = errorFor([
      dbaFile(restoreBackup()),
      { file: 'catalogue/dba-copy.yaml', text: `${TEAM}offerings:\n${restoreBackup((t) => t.replace('restore-backup', 'other'))}` },
    ]);
    expect(error.message).toBe(
      'catalogue/dba-copy.yaml:2:7: team.id: team "database-administration" is already defined in catalogue/dba.yaml:2',
    );
  });

  it('refuses empty files, files of the wrong shape and broken YAML', () => {
    expect(errorFor([{ file: 'c.yaml', text: '# nothing yet\n' }]).message).toBe(
      'c.yaml:1:1: the file is empty: expected a mapping with `team` and `offerings`',
    );
    expect(errorFor([{ file: 'c.yaml', text: `${TEAM}offerings: []\n` }]).message).toBe(
      'c.yaml:5:12: offerings: must have at least 1 item(s)',
    );
    expect(errorFor([{ file: 'c.yaml', text: 'team: 3\noffrings: []\n' }]).message.split('\n')).toEqual([
      'c.yaml:1:1: offerings: is required',
      'c.yaml:1:7: team: must be a mapping (got 3)',
      'c.yaml:2:1: offrings: unknown key "offrings" (did you mean "offerings"?)',
    ]);
    expect(errorFor([{ file: 'c.yaml', text: 'team: {id: x\n' }]).message).toMatch(/^c\.yaml:1:\d+: invalid YAML: /);
  });
});

describe('loadCatalogue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the files from disk and reports one that cannot be read, with the others' problems", () => {
    const good = join(dir, 'dba.yaml');
    writeFileSync(good, `${TEAM}offerings:\n${restoreBackup()}`);
    expect(loadCatalogue([good]).offerings.map((offering) => offering.id)).toEqual(['restore-backup']);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `${TEAM.replace('database-administration', 'dba')}offerings:\n${restoreBackup((t) => t.replace('restore-backup', 'x').replace('risk: high', 'risk: none'))}`,
    );
    const missing = join(dir, 'missing.yaml');
    try {
      loadCatalogue([missing, bad]);
      expect.unreachable('expected a CatalogueError');
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      expect((error as CatalogueError).message.split('\n')).toEqual([
        `${missing}: cannot read the catalogue file: no such file`,
        `${bad}:10:11: offering "x": risk: must be "low" or "medium" or "high" (got "none")`,
      ]);
    }
    expect(() => loadCatalogue([dir])).toThrow(`${dir}: cannot read the catalogue file: is a directory, not a file`);
  });

  it('loads nothing from no files', () => {
    expect(loadCatalogue([])).toEqual({ teams: [], offerings: [] });
  });
});

describe('the demo catalogue', () => {
  const catalogue = loadCatalogue(DEMO_FILES);
  const org = pagerDutyDemoOrg();
  const serviceNow = buildServiceNowDemoData();
  const offering = (id: string): Offering => {
    const found = catalogue.offerings.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no offering ${id}`);
    return found;
  };

  it('has the DBA and network offerings the issue asks for', () => {
    expect(catalogue.offerings.map((o) => [o.id, o.teamId, o.kind, o.risk])).toEqual([
      ['query-performance-review', 'database-administration', 'expertise', 'low'],
      ['restore-database-backup', 'database-administration', 'self-service', 'high'],
      ['grant-read-access', 'database-administration', 'self-service', 'medium'],
      ['review-schema-migration', 'database-administration', 'expertise', 'medium'],
      ['open-firewall-rule', 'network-engineering', 'self-service', 'high'],
      ['change-dns-record', 'network-engineering', 'self-service', 'low'],
      ['investigate-latency', 'network-engineering', 'expertise', 'low'],
    ]);
    expect(offering('restore-database-backup').pipeline).toMatchObject({
      kind: 'github-actions',
      repository: 'acme/db-ops',
      workflow: 'restore-backup.yml',
    });
    expect(offering('grant-read-access').pipeline).toMatchObject({
      kind: 'github-actions',
      repository: 'acme/db-ops',
      workflow: 'grant-read-access.yml',
    });
    expect(offering('open-firewall-rule').pipeline).toMatchObject({
      kind: 'github-actions',
      repository: 'acme/network-ops',
      workflow: 'open-firewall-rule.yml',
    });
    expect(offering('change-dns-record').pipeline).toMatchObject({ kind: 'jenkins', job: 'dns-change' });
    expect(offering('change-dns-record').approval).toBe('none');
  });

  it('routes to groups, policies and people that exist in the demo organisation', () => {
    const teamNames = org.teams.map((team) => team.name);
    const groupNames = serviceNow.groups.map((group) => group.name);
    const policyNames = org.escalationPolicies.map((policy) => policy.name);
    for (const team of catalogue.teams) {
      expect(groupNames).toContain(team.assignmentGroup);
      expect(policyNames).toContain(team.escalationPolicy);
    }
    const membersOf = (teamName: string) => {
      const teamId = org.teams.find((team) => team.name === teamName)?.id;
      return org.users.filter((user) => teamId !== undefined && user.teamIds.includes(teamId)).map((user) => user.email);
    };
    for (const o of catalogue.offerings) {
      if (o.approval === 'none') continue;
      if ('anyOf' in o.approval) {
        expect(teamNames).toContain(o.approval.anyOf.group);
        expect(o.approval.anyOf.group).toBe(teamOf(catalogue, o).name);
      } else {
        for (const person of o.approval.allOf.people) expect(membersOf(teamOf(catalogue, o).name)).toContain(person);
      }
    }
    expect(offering('open-firewall-rule').approval).toEqual({ allOf: { people: membersOf('Network Engineering') } });
  });

  it("maps GitHub Actions inputs the simulator's workflows declare, covering every required one", () => {
    const repositories = demoRepositories();
    for (const o of catalogue.offerings) {
      const pipeline = o.pipeline;
      if (pipeline?.kind !== 'github-actions') continue;
      const [owner, name] = pipeline.repository.split('/');
      const workflow = repositories.find((r) => r.owner === owner && r.name === name)?.workflows.find((w) => w.file === pipeline.workflow);
      expect(workflow, `${o.id}: ${pipeline.repository} ${pipeline.workflow}`).toBeDefined();
      const declared = Object.keys(workflow?.inputs ?? {});
      const mapped = Object.keys(pipelineParameters(pipeline).values);
      for (const input of mapped) expect(declared, `${o.id} maps ${input}`).toContain(input);
      const required = Object.entries(workflow?.inputs ?? {}).filter(
        ([input, spec]) => spec.required && input !== requestIdParameterOf(pipeline),
      );
      for (const [input] of required) expect(mapped, `${o.id} leaves out required input ${input}`).toContain(input);
    }
  });

  it("maps Jenkins parameters the simulator's jobs declare, with choices they accept", () => {
    const jobs = demoJobs();
    for (const o of catalogue.offerings) {
      const pipeline = o.pipeline;
      if (pipeline?.kind !== 'jenkins') continue;
      const job = jobs.find((candidate) => candidate.fullName === pipeline.job);
      expect(job, `${o.id}: job ${pipeline.job}`).toBeDefined();
      const declared = job?.parameters.map((parameter) => parameter.name) ?? [];
      for (const parameter of Object.keys(pipelineParameters(pipeline).values))
        expect(declared, `${o.id} maps ${parameter}`).toContain(parameter);
    }
    const zones = offering('change-dns-record').form.properties.zone;
    const zoneChoices = demoJobs()
      .find((job) => job.fullName === 'dns-change')
      ?.parameters.find((p) => p.name === 'ZONE');
    expect(zones?.type === 'string' ? zones.enum : null).toEqual(
      zoneChoices && 'choices' in zoneChoices ? zoneChoices.choices : ['missing'],
    );
  });

  it('offers choices the workflows accept', () => {
    const repositories = demoRepositories();
    const restore = repositories.flatMap((r) => r.workflows).find((w) => w.file === 'restore-backup.yml');
    const environments = offering('restore-database-backup').form.properties.target_environment;
    expect(environments?.type === 'string' ? environments.enum : null).toEqual(
      expect.arrayContaining(restore?.inputs.target_environment?.options ?? ['missing']),
    );
    const grant = repositories.flatMap((r) => r.workflows).find((w) => w.file === 'grant-read-access.yml');
    const days = offering('grant-read-access').form.properties.duration_days;
    expect(days?.type === 'string' ? days.oneOf?.map((c) => c.const) : null).toEqual(grant?.inputs.duration_days?.options);
  });
});

describe('validateFormData', () => {
  const catalogue = loadCatalogue(DEMO_FILES);
  const firewall = catalogue.offerings.find((o) => o.id === 'open-firewall-rule')!;
  const valid = {
    source_cidr: '10.20.0.0/16',
    destination: 'ledger-db.internal.example.com',
    port: 1521,
    protocol: 'tcp',
    environment: 'production',
    expires_at: '2026-12-31T00:00:00Z',
    justification: 'The reconciliation job reads the ledger database',
  };

  it('accepts a complete, valid form', () => {
    expect(validateFormData(firewall, valid)).toEqual({ ok: true, data: valid });
  });

  it.each([
    ['a missing required field', { ...valid, justification: undefined }, ['Why is required']],
    ['a port out of range', { ...valid, port: 70000 }, ['Port must be at most 65535']],
    ['a port of 0', { ...valid, port: 0 }, ['Port must be at least 1']],
    [
      'a source that is not a CIDR',
      { ...valid, source_cidr: '10.20.0.0' },
      ['Source network (CIDR) must be an IPv4 network in CIDR form, like 10.20.0.0/16'],
    ],
    [
      'a CIDR with a bad prefix',
      { ...valid, source_cidr: '10.20.0.0/33' },
      ['Source network (CIDR) must be an IPv4 network in CIDR form, like 10.20.0.0/16'],
    ],
    ['a date that is not a date-time', { ...valid, expires_at: 'next friday' }, ['Remove the rule on must be a date and time']],
    [
      'a field the form does not have',
      { ...valid, ports: '443' },
      [expect.stringMatching(/^"ports" is not a field of this form \(it has: Source network \(CIDR\), /)],
    ],
  ])('refuses %s, in words that name the field as labelled', (_what, data, problems) => {
    const payload = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
    expect(validateFormData(firewall, payload)).toEqual({ ok: false, problems });
  });

  it('never shows a pattern or a field key, even without a patternMessage: an example instead', () => {
    const [restore] = parseCatalogue([dbaFile(restoreBackup())]).offerings;
    const check = validateFormData(restore!, { database: 'payments', backup_id: 'yesterday' });
    expect(check).toEqual({ ok: false, problems: ['Backup id does not have the expected form, e.g. 20260106-0200'] });
    expect(JSON.stringify(check)).not.toMatch(/\[0-9\]|backup_id/);
  });

  it('validates forms written for JSON Schema 2020-12 as well as draft-07', () => {
    const offering = restoreBackup((t) =>
      t.replace('      type: object\n', '      $schema: https://json-schema.org/draft/2020-12/schema\n      type: object\n'),
    );
    const [restore] = parseCatalogue([dbaFile(offering)]).offerings;
    expect(restore?.form.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(validateFormData(restore!, { database: 'payments', backup_id: '20260106-0200' })).toEqual({
      ok: true,
      data: { database: 'payments', backup_id: '20260106-0200' },
    });
    expect(validateFormData(restore!, { database: 'orders', backup_id: 'latest' })).toEqual({
      ok: false,
      problems: ['Database must be one of: payments, ledger', 'Backup id does not have the expected form, e.g. 20260106-0200'],
    });
  });

  it('refuses data that is not an object', () => {
    expect(validateFormData(firewall, 'port=443')).toEqual({ ok: false, problems: ['The form data must be a set of field values'] });
  });
});

describe('parseCatalogue: what people are told, and offerings raised from incidents', () => {
  const problemsOf = (edit: (text: string) => string) => errorFor([dbaFile(restoreBackup(edit))]).message.split('\n');

  it.each([
    [
      'a pattern with no words for it (no patternMessage, example or placeholder)',
      (t: string) => t.replace(', examples: ["20260106-0200"]', ''),
      'catalogue/dba.yaml:19:36: offering "restore-backup": form.properties.backup_id.pattern: say what Backup id must be in words: add patternMessage (e.g. "must be a date like 20261206-0400") or examples, so people are not shown the pattern',
    ],
    [
      'an example the pattern refuses',
      (t: string) => t.replace('["20260106-0200"]', '["2026-01-06"]'),
      'catalogue/dba.yaml:19:79: offering "restore-backup": form.properties.backup_id.examples[0]: "2026-01-06" is not a value the field accepts (it does not fit the field\'s pattern): people are shown it as an example',
    ],
    [
      'a patternMessage on a field without a pattern',
      (t: string) =>
        t.replace(
          'target_environment: { type: string, enum: [staging, production] }',
          'target_environment: { type: string, patternMessage: must be staging }',
        ),
      'catalogue/dba.yaml:20:45: offering "restore-backup": form.properties.target_environment.patternMessage: describes a pattern, and the field has none: add `pattern` or remove it',
    ],
    [
      'a patternMessage written as a sentence of its own',
      (t: string) => t.replace(', examples: ["20260106-0200"]', ', patternMessage: "Use YYYYMMDD-HHMM"'),
      'catalogue/dba.yaml:19:84: offering "restore-backup": form.properties.backup_id.patternMessage: follows the field\'s label ("Backup id must be ..."): start it in lower case, e.g. "must be a date like 20261206-0400"',
    ],
  ])('refuses %s', (_what, edit, expected) => {
    expect(problemsOf(edit)).toEqual([expected]);
  });

  it('refuses a placeholder the pattern refuses: the form shows it as an example', () => {
    const offering = restoreBackup().replace(
      '    pipeline:',
      '    uiSchema:\n      backup_id: { ui:placeholder: "last night" }\n    pipeline:',
    );
    expect(errorFor([dbaFile(offering)]).message).toBe(
      'catalogue/dba.yaml:22:36: offering "restore-backup": uiSchema.backup_id.ui:placeholder: "last night" does not fit the field\'s pattern, and the form shows it as an example: use a value that fits',
    );
  });

  /** The offering with these lines added before its pipeline. */
  const withKeys = (lines: string) => restoreBackup().replace('    pipeline:', `${lines}    pipeline:`);

  it('loads appliesTo, fromIncident and environmentField into the model', () => {
    const offering = withKeys(`    appliesTo: { services: [Payments API, PostgreSQL Platform] }
    environmentField: target_environment
    fromIncident:
      database: { byService: { Payments API: payments } }
      backup_id: "{{incident.number}}"
`);
    const [restore] = parseCatalogue([dbaFile(offering)]).offerings;
    expect(restore).toMatchObject({
      appliesTo: { services: ['Payments API', 'PostgreSQL Platform'] },
      environmentField: 'target_environment',
      fromIncident: { database: { byService: { 'Payments API': 'payments' } }, backup_id: '{{incident.number}}' },
    });
  });

  it.each([
    [
      'a service listed twice',
      '    appliesTo: { services: [Payments API, payments api] }\n',
      '21:43: offering "restore-backup": appliesTo.services[1]: "payments api" is listed twice',
    ],
    [
      'appliesTo of another shape',
      '    appliesTo: everything\n',
      '21:16: offering "restore-backup": appliesTo: must be "any-service" or {services: [<paging service name or id>, ...]} (got "everything")',
    ],
    [
      'an environment field the form lacks',
      '    environmentField: environment\n',
      '21:23: offering "restore-backup": environmentField: "environment" is not a field of the form (fields: database, backup_id, target_environment)',
    ],
    [
      'a pre-filled field the form lacks',
      '    fromIncident:\n      summary: "{{incident.title}}"\n',
      '22:7: offering "restore-backup": fromIncident.summary: "summary" is not a field of the form (fields: database, backup_id, target_environment)',
    ],
    [
      'a fact incidents do not have',
      '    fromIncident:\n      backup_id: "{{incident.owner}}"\n',
      '22:18: offering "restore-backup": fromIncident.backup_id: "{{incident.owner}}" is not an incident fact (use {{incident.title}}, {{incident.number}}, {{incident.service}}, {{incident.since}}, {{incident.link}})',
    ],
    [
      'a template for a choice field',
      '    fromIncident:\n      database: "{{incident.service}}"\n',
      '22:17: offering "restore-backup": fromIncident.database: Database is a choice: fill it with byService: {<service>: <choice>}',
    ],
    [
      'byService for a free-text field',
      '    fromIncident:\n      backup_id: { byService: { Payments API: latest } }\n',
      '22:20: offering "restore-backup": fromIncident.backup_id.byService: byService fits a field with choices (enum or oneOf); Backup id takes free text: give it a template such as "{{incident.service}}"',
    ],
    [
      'a choice the field does not offer',
      '    fromIncident:\n      database: { byService: { Payments API: pg-payments } }\n',
      '22:46: offering "restore-backup": fromIncident.database.byService["Payments API"]: "pg-payments" is not one of the field\'s choices (payments, ledger)',
    ],
    [
      'the start time in a free-text field',
      '    fromIncident:\n      backup_id: "{{incident.since}}"\n',
      '22:18: offering "restore-backup": fromIncident.backup_id: {{incident.since}} fits a date-and-time field (format: date-time), not free text',
    ],
  ])('refuses %s', (_what, lines, expected) => {
    const error = errorFor([dbaFile(withKeys(lines))]);
    expect(error.message).toBe(`catalogue/dba.yaml:${expected}`);
  });

  it('the demo catalogue says every pattern in words, and maps incidents to offerings', () => {
    const catalogue = loadCatalogue(DEMO_FILES);
    for (const offering of catalogue.offerings) {
      for (const [name, field] of Object.entries(offering.form.properties)) {
        if (field.type === 'string' && field.pattern) expect(field.patternMessage, `${offering.id}.${name}`).toMatch(/^must be /);
      }
    }
    const fitting = (service: string) =>
      catalogue.offerings.filter((o) => o.appliesTo === 'any-service' || (o.appliesTo?.services ?? []).includes(service)).map((o) => o.id);
    expect(fitting('Payments API')).toEqual(['query-performance-review', 'restore-database-backup', 'investigate-latency']);
    expect(fitting('Core Network')).toEqual(['open-firewall-rule', 'change-dns-record', 'investigate-latency']);
  });
});
