import { describe, expect, it } from 'vitest';
import {
  checkOffering,
  fieldChoices,
  FormSchema,
  needsApproval,
  Offering,
  OfferingFile,
  parseDuration,
  pipelineParameters,
  pipelineRefOf,
  renderPipelineParameters,
  requestIdParameterOf,
  teamOf,
  type Catalogue,
} from '../../../shared/domain/catalogue';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * M],
    ['4h', 4 * H],
    ['2d', 2 * D],
    ['1w', 7 * D],
    ['1d 12h', 36 * H],
    ['1.5h', 90 * M],
    ['90s', 90_000],
    [' 4 h ', 4 * H],
    ['PT4H', 4 * H],
    ['P2D', 2 * D],
    ['P1DT12H', 36 * H],
    ['PT30M', 30 * M],
    ['PT1H30M15S', H + 30 * M + 15_000],
    ['P1W', 7 * D],
    ['pt15m', 15 * M],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '4', 'h', '4 hours', '0h', 'PT0S', 'P', 'PT', 'P1M', 'P1Y', '4h30', '-4h', 'soon'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

/** A minimal valid offering as parsed from a file, with overrides. */
function offeringFile(overrides: Record<string, unknown> = {}): OfferingFile {
  return OfferingFile.parse({
    id: 'restore-backup',
    title: 'Restore',
    description: 'Restores a backup',
    kind: 'self-service',
    risk: 'high',
    sla: { response: '30m', resolution: '4h' },
    approval: { anyOf: { group: 'Database Administration' } },
    form: {
      type: 'object',
      required: ['database'],
      properties: {
        database: { type: 'string', oneOf: [{ const: 'pg-payments', title: 'payments' }] },
        backup_id: { type: 'string', pattern: '^[0-9]+$', patternMessage: 'must be digits only, like 20260106' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        schemas: { type: 'array', items: { type: 'string', enum: ['public', 'audit'] } },
        dry_run: { type: 'boolean' },
      },
    },
    pipeline: {
      kind: 'github-actions',
      repository: 'acme/db-ops',
      workflow: 'restore-backup.yml',
      inputs: { database: '{{form.database}}', dry_run: true },
    },
    ...overrides,
  });
}

const messages = (offering: OfferingFile) => checkOffering(offering).map(({ path, message }) => `${path.join('.')}: ${message}`);

describe('OfferingFile', () => {
  it('fills in defaults and converts durations and literal inputs', () => {
    const offering = offeringFile();
    expect(offering.sla).toEqual({ responseMs: 30 * M, resolutionMs: 4 * H });
    expect(offering.keywords).toEqual([]);
    expect(offering.uiSchema).toEqual({});
    expect(offering.pipeline).toEqual({
      kind: 'github-actions',
      repository: 'acme/db-ops',
      workflow: 'restore-backup.yml',
      ref: 'main',
      inputs: { database: '{{form.database}}', dry_run: 'true' },
    });
    expect(OfferingFile.parse({ ...offeringFile(), sla: { response: '1h', resolution: '1d' }, approval: undefined }).approval).toBe('none');
  });

  it('refuses form keywords outside the supported subset', () => {
    const form = (properties: Record<string, unknown>) => FormSchema.safeParse({ type: 'object', properties }).success;
    expect(form({ a: { type: 'string', format: 'email' } })).toBe(true);
    expect(form({ a: { type: 'string', format: 'uri' } })).toBe(false);
    expect(form({ a: { type: 'object' } })).toBe(false);
    expect(form({ a: { type: 'array', items: { type: 'integer' } } })).toBe(false);
    expect(form({ a: { type: 'integer', minimum: 1.5 } })).toBe(false);
    expect(form({ a: { type: 'string', $ref: '#/x' } })).toBe(false);
    expect(form({ 'bad name': { type: 'string' } })).toBe(false);
    expect(form({})).toBe(false);
    expect(FormSchema.safeParse({ type: 'array', properties: { a: { type: 'string' } } }).success).toBe(false);
  });

  it('survives a round trip through the model schema (as the contract carries it)', () => {
    const { team: _team, pipeline, ...rest } = offeringFile();
    const model = {
      ...rest,
      teamId: 'database-administration',
      pipeline: pipeline ?? null,
      source: { file: 'catalogue/dba.yaml', line: 6 },
    };
    expect(Offering.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });
});

describe('checkOffering', () => {
  it('accepts a consistent offering', () => {
    expect(checkOffering(offeringFile())).toEqual([]);
  });

  it.each([
    [
      'self-service without a pipeline',
      { pipeline: undefined },
      ['kind: a self-service offering needs a `pipeline` to run (kind github-actions, gitlab or jenkins)'],
    ],
    [
      'expertise with a pipeline and an approval',
      { kind: 'expertise' },
      [
        "pipeline: an expertise offering has no pipeline (its requests go to the team's queue); use kind: self-service to run one",
        "approval: approval applies to self-service runs; an expertise request goes straight to the team's queue (use approval: none)",
      ],
    ],
    [
      'a template naming a missing field',
      { pipeline: { kind: 'jenkins', job: 'ops/restore', parameters: { BACKUP: 'id={{form.backup}}' } } },
      [
        'pipeline.parameters.BACKUP: refers to form field "backup" which the form does not define (fields: database, backup_id, port, schemas, dry_run)',
      ],
    ],
    [
      'a GitLab variable holding the request id',
      { pipeline: { kind: 'gitlab', project: 'dba/restores', variables: { CONSOLE_REQUEST_ID: '{{request.id}}' } } },
      [
        'pipeline.variables.CONSOLE_REQUEST_ID: CONSOLE_REQUEST_ID carries the request id and is filled in by the console: remove it from variables',
      ],
    ],
    [
      'a renamed request id input in use',
      { pipeline: { kind: 'github-actions', repository: 'a/b', workflow: 'x.yml', requestIdInput: 'ticket', inputs: { ticket: 'x' } } },
      ['pipeline.inputs.ticket: ticket carries the request id and is filled in by the console: remove it from inputs'],
    ],
    [
      'a person listed twice',
      { approval: { allOf: { people: ['a@example.com', 'A@example.com'] } } },
      ['approval.allOf.people.1: A@example.com is listed twice'],
    ],
  ])('finds %s', (_what, overrides, expected) => {
    expect(messages(offeringFile(overrides))).toEqual(expected);
  });

  it('checks the form against itself', () => {
    const form = {
      type: 'object',
      required: ['database', 'nope', 'database'],
      properties: {
        database: { type: 'string', enum: ['a', 'a'], default: 'b' },
        backup_id: { type: 'string', pattern: '(', minLength: 5, maxLength: 2 },
        port: { type: 'integer', minimum: 10, maximum: 1, default: 20 },
        env: {
          type: 'string',
          enum: ['x'],
          oneOf: [
            { const: 'x', title: 'X' },
            { const: 'x', title: 'Y' },
          ],
        },
        schemas: { type: 'array', items: { type: 'string', enum: ['public'] }, minItems: 3, maxItems: 1, default: ['audit'] },
      },
    };
    expect(messages(offeringFile({ form, pipeline: { kind: 'jenkins', job: 'x' } }))).toEqual([
      'form.required.1: "nope" is not a field of the form (fields: database, backup_id, port, env, schemas)',
      'form.required: lists a field twice',
      'form.properties.database.enum: lists a value twice',
      'form.properties.database.default: "b" is not one of the choices (a, a)',
      expect.stringMatching(/^form\.properties\.backup_id\.pattern: is not a valid regular expression: /),
      'form.properties.backup_id.minLength: must not be more than maxLength (2)',
      'form.properties.port.minimum: must not be more than maximum (1)',
      'form.properties.port.default: is outside minimum..maximum (10..1)',
      'form.properties.env.oneOf: use either enum (plain values) or oneOf (values with titles), not both',
      'form.properties.env.oneOf: lists a value (const) twice',
      'form.properties.schemas.minItems: must not be more than maxItems (1)',
      'form.properties.schemas.default.0: "audit" is not one of the item choices (public)',
    ]);
  });

  it('checks that each widget fits its field and that ui:order names fields', () => {
    const uiSchema = {
      'ui:order': ['port', 'ghost', '*'],
      database: { 'ui:widget': 'select' },
      dry_run: { 'ui:widget': 'radio' },
      schemas: { 'ui:widget': 'checkboxes' },
      backup_id: { 'ui:widget': 'select' },
      port: { 'ui:widget': 'textarea' },
    };
    expect(messages(offeringFile({ uiSchema }))).toEqual([
      'uiSchema.backup_id.ui:widget: select fits a string field with choices (enum or oneOf), or a boolean',
      'uiSchema.port.ui:widget: textarea fits a free-text string field',
      'uiSchema.ui:order.1: "ghost" is not a field of the form (fields: database, backup_id, port, schemas, dry_run)',
    ]);
  });
});

describe('pipelines', () => {
  it('turns each kind into the ref the pipeline providers take', () => {
    expect(pipelineRefOf(offeringFile().pipeline!)).toEqual({
      kind: 'github-actions',
      owner: 'acme',
      repo: 'db-ops',
      workflow: 'restore-backup.yml',
      ref: 'main',
    });
    const gitlab = offeringFile({
      pipeline: { kind: 'gitlab', project: 'network/firewall-as-code', ref: 'release', requestIdInput: 'REQ' },
    }).pipeline!;
    expect(pipelineRefOf(gitlab)).toEqual({ kind: 'gitlab', project: 'network/firewall-as-code', ref: 'release', requestIdInput: 'REQ' });
    const jenkins = offeringFile({
      pipeline: { kind: 'jenkins', job: 'network/dns-change', parameters: { zone: '{{form.database}}' } },
    }).pipeline!;
    expect(pipelineRefOf(jenkins)).toEqual({ kind: 'jenkins', job: 'network/dns-change' });
    expect(pipelineParameters(jenkins)).toEqual({ key: 'parameters', values: { zone: '{{form.database}}' } });
    expect(requestIdParameterOf(jenkins)).toBe('console_request_id');
    expect(requestIdParameterOf(gitlab)).toBe('REQ');
  });
});

describe('renderPipelineParameters', () => {
  it('fills in every input of the pipeline for one request', () => {
    const pipeline = offeringFile({
      pipeline: {
        kind: 'github-actions',
        repository: 'acme/db-ops',
        workflow: 'r.yml',
        inputs: { database: '{{form.database}}', requested_by: '{{requester.email}}', note: 'req {{request.id}}', dry_run: false },
      },
    }).pipeline!;
    const context = {
      form: { database: 'pg-payments' },
      request: { id: 'req-7' },
      requester: { email: 'dana.developer@example.com', name: 'Dana Developer' },
      offering: { id: 'restore-backup' },
      incident: null,
    };
    expect(renderPipelineParameters(pipeline, context)).toEqual({
      database: 'pg-payments',
      requested_by: 'dana.developer@example.com',
      note: 'req req-7',
      dry_run: 'false',
    });
  });
});

describe('catalogue helpers', () => {
  const catalogue: Catalogue = {
    teams: [{ id: 'dba', name: 'Database Administration', assignmentGroup: 'Database Administration', escalationPolicy: null }],
    offerings: [],
  };

  it('finds the owning team, and says so when there is none', () => {
    expect(teamOf(catalogue, { teamId: 'dba' }).name).toBe('Database Administration');
    expect(() => teamOf(catalogue, { teamId: 'network' })).toThrow('No catalogue team "network"');
  });

  it('knows when runs need approval and what a field can be', () => {
    expect(needsApproval({ approval: 'none' })).toBe(false);
    expect(needsApproval({ approval: { anyOf: { group: 'DBA' } } })).toBe(true);
    expect(fieldChoices({ enum: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(fieldChoices({ oneOf: [{ const: '7' }] })).toEqual(['7']);
    expect(fieldChoices({})).toBeNull();
  });
});
