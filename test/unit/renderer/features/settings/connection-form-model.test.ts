// The connection form's model: fields per kind, the contract's messages per field, the
// stored secret kept when none is typed, and what the form does not show kept as stored.
import { describe, expect, it } from 'vitest';
import { ServiceNowConnection } from '../../../../../shared/domain/connection-settings';
import { blankForm, buildRequest, fieldsFor, formFor } from '../../../../../renderer/src/features/settings/connection-form-model';

describe('connection form model', () => {
  it('shows the user name only for ServiceNow basic auth, and names the secret by auth kind', () => {
    const form = blankForm('servicenow');
    expect(fieldsFor('servicenow', form).map((field) => field.name)).toEqual(['label', 'instanceUrl', 'authKind', 'user', 'secret']);
    const bearer = { ...form, fields: { ...form.fields, authKind: 'bearer' } };
    expect(fieldsFor('servicenow', bearer).map((field) => field.name)).not.toContain('user');
    expect(fieldsFor('servicenow', bearer).at(-1)?.label).toBe('OAuth access token');
  });

  it("gives each wrong field the contract's message, and needs a secret for a new connection", () => {
    const form = blankForm('pagerduty');
    const result = buildRequest('pagerduty', { ...form, fields: { ...form.fields, baseUrl: 'api.pagerduty.com', fromEmail: 'ada' } }, null);
    expect(result).toEqual({
      ok: false,
      errors: {
        baseUrl: 'must be an http(s) URL, e.g. https://api.pagerduty.com',
        fromEmail: 'enter the email of your PagerDuty user (sent as the From header on writes)',
        secret: 'paste the token (or password)',
      },
    });
  });

  it('builds a request with the scope from comma-separated ids and the typed secret', () => {
    const form = blankForm('pagerduty');
    const result = buildRequest(
      'pagerduty',
      { fields: { ...form.fields, fromEmail: 'ada@example.com', teamIds: 'PT1, PT2', assignedToMe: true }, secret: ' tok-123 ' },
      null,
    );
    expect(result).toMatchObject({
      ok: true,
      request: {
        connection: {
          kind: 'pagerduty',
          fromEmail: 'ada@example.com',
          scope: { teamIds: ['PT1', 'PT2'], serviceIds: [], assignedToMe: true },
        },
        secret: 'tok-123',
      },
    });
  });

  it('edits a stored connection: keeps its id, hidden fields and stored secret (no secret sent)', () => {
    const stored = ServiceNowConnection.parse({
      id: 'ab12',
      kind: 'servicenow',
      label: 'ServiceNow',
      instanceUrl: 'https://acme.service-now.com',
      user: 'svc',
      mapping: [{ pagerDutyServiceId: 'PSVC1', assignmentGroup: 'G1' }],
    });
    const form = formFor(stored);
    const result = buildRequest('servicenow', { ...form, fields: { ...form.fields, label: 'SNOW' } }, stored);
    expect(result).toEqual({
      ok: true,
      request: { connection: expect.objectContaining({ id: 'ab12', label: 'SNOW', mapping: stored.mapping }) },
    });
    if (result.ok) expect(result.request).not.toHaveProperty('secret');
  });
});
