/**
 * The catalogue's `rollback` key: loaded into the model, refused with the file, line,
 * offering and field when it does not fit its offering, and the demo's platform catalogue
 * (catalogue/platform.yaml) rolling back the four mapped demo services through the
 * workflow the GitHub simulator declares.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue, parseCatalogue, type CatalogueSource } from '../../../electron/host/catalogue-loader';
import { demoCatalogueFiles } from '../../../electron/host/specialists-setup';
import { pipelineParameters, requestIdParameterOf } from '../../../shared/domain/catalogue';
import { pagerDutyDemoOrg } from '../../../electron/simulators/servicenow/demo-data';
import { demoRepositories } from '../../../electron/simulators/github/demo-data';
import { rollbackOfferingFor } from '../../../shared/rules/rollback-offering';

function errorFor(sources: CatalogueSource[]): CatalogueError {
  try {
    parseCatalogue(sources);
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError');
}

/** A valid rollback offering; `edit` changes its text to make one mistake. */
function platformFile(edit: (text: string) => string = (text) => text): CatalogueSource {
  return {
    file: 'catalogue/platform.yaml',
    text: edit(`team:
  id: platform-engineering
  name: Platform Engineering
  assignmentGroup: Platform Engineering
offerings:
  - id: roll-back-service
    title: Roll back a service
    description: Puts a previous version back.
    kind: self-service
    risk: medium
    sla: { response: 15m, resolution: 1h }
    rollback:
      services: [Payments API, Checkout Web]
      serviceField: service
      versionField: version
    form:
      type: object
      required: [service, version]
      properties:
        service: { type: string, enum: [Payments API, Checkout Web] }
        version: { type: string }
        dry_run: { type: boolean }
    pipeline:
      kind: github-actions
      repository: acme/platform-ops
      workflow: rollback.yml
      inputs:
        service: "{{form.service}}"
        version: "{{form.version}}"
`),
  };
}

describe('rollback in a catalogue file', () => {
  it('is loaded into the model, and absent from offerings without it', () => {
    const [offering] = parseCatalogue([platformFile()]).offerings;
    expect(offering?.rollback).toEqual({ services: ['Payments API', 'Checkout Web'], serviceField: 'service', versionField: 'version' });
    const [plain] = parseCatalogue([platformFile((t) => t.replace(/ {4}rollback:\n(?: {6}.*\n){3}/, ''))]).offerings;
    expect(plain).not.toHaveProperty('rollback');
  });

  it('takes "*" for any service, and a free-text service field', () => {
    const [offering] = parseCatalogue([
      platformFile((t) =>
        t
          .replace('services: [Payments API, Checkout Web]', 'services: ["*"]')
          .replace('service: { type: string, enum: [Payments API, Checkout Web] }', 'service: { type: string }'),
      ),
    ]).offerings;
    expect(offering?.rollback?.services).toEqual(['*']);
  });

  it.each([
    [
      'a service field the form lacks',
      (t: string) => t.replace('serviceField: service', 'serviceField: app'),
      '14:21: offering "roll-back-service": rollback.serviceField: "app" is not a field of the form (fields: service, version, dry_run)',
    ],
    [
      'a version field the form lacks',
      (t: string) => t.replace('versionField: version', 'versionField: tag'),
      '15:21: offering "roll-back-service": rollback.versionField: "tag" is not a field of the form (fields: service, version, dry_run)',
    ],
    [
      'a version field that is not text',
      (t: string) => t.replace('versionField: version', 'versionField: dry_run'),
      '15:21: offering "roll-back-service": rollback.versionField: "dry_run" is a boolean: the version to roll back to goes in a text or choice field',
    ],
    [
      'the same field for both',
      (t: string) => t.replace('versionField: version', 'versionField: service'),
      '15:21: offering "roll-back-service": rollback.versionField: must be another field than serviceField: the form takes the service and the version apart',
    ],
    [
      'a service the service field does not offer',
      (t: string) => t.replace('services: [Payments API, Checkout Web]', 'services: [Payments API, Search API]'),
      '13:32: offering "roll-back-service": rollback.services[1]: "Search API" is not one of the choices of service (Payments API, Checkout Web): add it there, or write the field as free text',
    ],
    [
      'a service listed twice',
      (t: string) => t.replace('services: [Payments API, Checkout Web]', 'services: [Payments API, payments api]'),
      '13:32: offering "roll-back-service": rollback.services[1]: "payments api" is listed twice',
    ],
    [
      '"*" beside named services',
      (t: string) => t.replace('services: [Payments API, Checkout Web]', 'services: [Payments API, "*"]'),
      '13:32: offering "roll-back-service": rollback.services[1]: "*" stands for every service: write it alone, or list the services by name',
    ],
    [
      'no services',
      (t: string) => t.replace('services: [Payments API, Checkout Web]', 'services: []'),
      '13:17: offering "roll-back-service": rollback.services: must have at least 1 item(s)',
    ],
    [
      'a key it does not know',
      (t: string) => t.replace('versionField: version', 'versionField: version\n      environmentField: service'),
      '16:7: offering "roll-back-service": rollback.environmentField: unknown key "environmentField"',
    ],
    [
      'an expertise offering that says it rolls back',
      (t: string) => t.replace('kind: self-service', 'kind: expertise').replace(/ {4}pipeline:[\s\S]*$/, ''),
      '12:5: offering "roll-back-service": rollback: only a self-service offering rolls back (it runs a pipeline); use kind: self-service with a pipeline, or remove rollback',
    ],
  ])('refuses %s, naming the file, line, offering and field', (_what, edit, expected) => {
    const message = errorFor([platformFile(edit)]).message;
    expect(message.split('\n')[0]).toContain(`catalogue/platform.yaml:${expected}`);
  });
});

describe("the demo's platform catalogue", () => {
  const files = demoCatalogueFiles();
  const catalogue = loadCatalogue(files ?? []);
  const rollback = catalogue.offerings.find((offering) => offering.id === 'roll-back-service');

  it('is one of the demo catalogue files, and loads with the others', () => {
    expect(files).toEqual([resolve('catalogue/dba.yaml'), resolve('catalogue/network.yaml'), resolve('catalogue/platform.yaml')]);
    expect(rollback).toMatchObject({ teamId: 'platform-engineering', kind: 'self-service', approval: 'none' });
  });

  it('rolls back the four services the demo maps to repositories, and no other', () => {
    for (const service of ['Payments API', 'Checkout Web', 'Identity Service', 'Search API'])
      expect(rollbackOfferingFor(catalogue.offerings, service)?.id, service).toBe('roll-back-service');
    expect(rollbackOfferingFor(catalogue.offerings, 'SAP ERP')).toBeNull();
  });

  it("belongs to a team of the demo's PagerDuty organisation, with its escalation policy", () => {
    // Platform Engineering owns the large demo organisation's platform services (Kafka, Redis, the clusters).
    const org = pagerDutyDemoOrg(1, 60);
    const team = catalogue.teams.find((candidate) => candidate.id === 'platform-engineering');
    expect(org.teams.map((candidate) => candidate.name)).toContain(team?.name);
    expect(org.escalationPolicies.map((policy) => policy.name)).toContain(team?.escalationPolicy);
  });

  it("maps the rollback workflow's inputs as the GitHub simulator declares them, covering every required one", () => {
    const pipeline = rollback?.pipeline;
    expect(pipeline).toMatchObject({ kind: 'github-actions', repository: 'acme/platform-ops', workflow: 'rollback.yml' });
    if (pipeline?.kind !== 'github-actions') return;
    const workflow = demoRepositories()
      .find((repository) => `${repository.owner}/${repository.name}` === pipeline.repository)
      ?.workflows.find((candidate) => candidate.file === pipeline.workflow);
    expect(Object.keys(workflow?.inputs ?? {}).sort()).toEqual(
      ['console_request_id', 'reason', 'requested_by', 'service', 'simulate_failure', 'version'].sort(),
    );
    const mapped = Object.keys(pipelineParameters(pipeline).values);
    const required = Object.entries(workflow?.inputs ?? {}).filter(
      ([input, spec]) => spec.required && input !== requestIdParameterOf(pipeline),
    );
    for (const [input] of required) expect(mapped, `leaves out required input ${input}`).toContain(input);
    for (const input of mapped) expect(Object.keys(workflow?.inputs ?? {})).toContain(input);
  });
});
