/**
 * Which catalogue offering rolls back a service (named beats "*", catalogue order among
 * equals, self-service only), and the rollback an incident's "what changed" offers: its
 * newest production deployment's service, back to the version before it.
 */
import { describe, expect, it } from 'vitest';
import type { FormSchema, Offering } from '../../../shared/domain/catalogue';
import type { DeploymentRange } from '../../../shared/domain/delivery';
import { rollbackFor, rollbackOfferingFor } from '../../../shared/rules/rollback-offering';

const FORM: FormSchema = {
  type: 'object',
  properties: { service: { type: 'string' }, version: { type: 'string' }, target: { type: 'string' } },
  required: [],
};

type Candidate = Pick<Offering, 'id' | 'kind' | 'form' | 'rollback'>;

function offering(id: string, services: string[] | null, overrides: Partial<Candidate> = {}): Candidate {
  return {
    id,
    kind: 'self-service',
    form: FORM,
    rollback: services ? { services, serviceField: 'service', versionField: 'version' } : undefined,
    ...overrides,
  };
}

describe('rollbackOfferingFor', () => {
  it('finds the offering that names the service, whatever the case and spaces', () => {
    const offerings = [offering('restore', null), offering('roll-back-payments', ['Payments API', 'Checkout Web'])];
    expect(rollbackOfferingFor(offerings, 'payments api ')?.id).toBe('roll-back-payments');
    expect(rollbackOfferingFor(offerings, 'Checkout Web')?.id).toBe('roll-back-payments');
  });

  it('is null when no offering rolls the service back', () => {
    expect(rollbackOfferingFor([offering('restore', null), offering('roll-back', ['Payments API'])], 'Search API')).toBeNull();
    expect(rollbackOfferingFor([], 'Payments API')).toBeNull();
  });

  it('prefers an offering naming the service over one for any service ("*"), wherever it is in the catalogue', () => {
    const offerings = [offering('any', ['*']), offering('payments', ['Payments API'])];
    expect(rollbackOfferingFor(offerings, 'Payments API')?.id).toBe('payments');
    expect(rollbackOfferingFor(offerings, 'Search API')?.id).toBe('any');
  });

  it('takes the first in catalogue order among offerings that name the service alike', () => {
    const offerings = [offering('first', ['Payments API']), offering('second', ['Payments API'])];
    expect(rollbackOfferingFor(offerings, 'Payments API')?.id).toBe('first');
  });

  it('never offers an expertise offering (the loader refuses rollback there; the rule does not rely on it)', () => {
    expect(rollbackOfferingFor([offering('ask', ['Payments API'], { kind: 'expertise' })], 'Payments API')).toBeNull();
  });
});

const range = (from: string | null): DeploymentRange => ({
  from,
  traceable: true,
  reason: null,
  relation: 'ahead',
  totalCommits: 1,
  commits: [],
  firstCommitAt: null,
});

function deployment(service: string, ref: string, createdAt: string, from: string | null, production = true) {
  return {
    service,
    environment: production ? 'production' : 'staging',
    production,
    ref,
    createdAt,
    range: production ? range(from) : null,
  };
}

describe('rollbackFor', () => {
  const catalogue = [offering('roll-back', ['Payments API', 'Checkout Web'])];

  it("offers the newest production deployment's service back to the version before it, the form's fields filled", () => {
    const choice = rollbackFor(catalogue, [
      deployment('Payments API', 'v2.14.1', '2026-11-03T09:00:00Z', 'v2.14.0'),
      deployment('Checkout Web', 'v5.2.0', '2026-11-03T10:10:00Z', 'v5.1.9'),
      deployment('Checkout Web', 'v5.3.0-rc1', '2026-11-03T11:00:00Z', null, false),
    ]);
    expect(choice).toEqual({
      offering: catalogue[0],
      service: 'Checkout Web',
      environment: 'production',
      from: 'v5.2.0',
      to: 'v5.1.9',
      inputs: { service: 'Checkout Web', version: 'v5.1.9' },
    });
  });

  it('offers nothing without a production deployment, without a previous version, or when it is the same version', () => {
    expect(rollbackFor(catalogue, [])).toBeNull();
    expect(rollbackFor(catalogue, [deployment('Payments API', 'v2', '2026-11-03T09:00:00Z', 'v1', false)])).toBeNull();
    expect(rollbackFor(catalogue, [deployment('Payments API', 'v2', '2026-11-03T09:00:00Z', null)])).toBeNull();
    expect(rollbackFor(catalogue, [deployment('Payments API', 'v2', '2026-11-03T09:00:00Z', 'v2')])).toBeNull();
  });

  it('offers nothing when the catalogue cannot roll back the service of the newest production deployment (not an older one)', () => {
    expect(
      rollbackFor(catalogue, [
        deployment('Payments API', 'v2.14.1', '2026-11-03T09:00:00Z', 'v2.14.0'),
        deployment('Search API', '812', '2026-11-03T10:00:00Z', '811'),
      ]),
    ).toBeNull();
  });

  it('fills the service as the choice field spells it, and uses the fields the offering names', () => {
    const choiceForm: FormSchema = {
      type: 'object',
      properties: { svc: { type: 'string', enum: ['Payments API', 'Checkout Web'] }, to_version: { type: 'string' } },
      required: [],
    };
    const named = offering('roll-back', ['*'], {
      form: choiceForm,
      rollback: { services: ['*'], serviceField: 'svc', versionField: 'to_version' },
    });
    expect(rollbackFor([named], [deployment('payments api', 'v2.14.1', '2026-11-03T09:00:00Z', 'v2.14.0')])?.inputs).toEqual({
      svc: 'Payments API',
      to_version: 'v2.14.0',
    });
  });
});
