// The Splunk On-Call connection form's model: API ID, API key (the secret), username and the
// optional organisation slug, each wrong field with the contract's message, and a blank slug
// left out rather than sent empty.
import { describe, expect, it } from 'vitest';
import { blankForm, buildRequest, fieldsFor } from '../../../../../renderer/src/features/settings/connection-form-model';

describe('Splunk On-Call connection form model', () => {
  it('shows the API URL, API ID, API key, username and organisation slug; the key is the secret', () => {
    const fields = fieldsFor('splunk-on-call', blankForm('splunk-on-call'));
    expect(fields.map((field) => field.name)).toEqual(['label', 'apiUrl', 'apiId', 'secret', 'username', 'orgSlug']);
    expect(fields.find((field) => field.name === 'secret')).toMatchObject({ label: 'API key', kind: 'secret' });
    expect(fields.find((field) => field.name === 'secret')?.description).toContain('stored in your OS keychain');
  });

  it('says what to type in each field left blank, the API key included', () => {
    expect(buildRequest('splunk-on-call', blankForm('splunk-on-call'), null)).toEqual({
      ok: false,
      errors: {
        apiId: 'enter the API ID shown in Splunk On-Call under Integrations » API',
        username: 'enter your Splunk On-Call username (acknowledgements and resolutions are done as this user)',
        secret: 'paste an API key from Splunk On-Call (Integrations -> API)',
      },
    });
  });

  it('builds the request with the typed key, leaving a blank organisation slug out', () => {
    const form = blankForm('splunk-on-call');
    const result = buildRequest(
      'splunk-on-call',
      { fields: { ...form.fields, apiId: 'acme-4f2e', username: 'ada' }, secret: ' soc-key-123 ' },
      null,
    );
    expect(result).toEqual({
      ok: true,
      request: {
        connection: {
          kind: 'splunk-on-call',
          label: 'Splunk On-Call',
          apiUrl: 'https://api.victorops.com',
          apiId: 'acme-4f2e',
          username: 'ada',
          requestTimeoutSeconds: 10,
        },
        secret: 'soc-key-123',
      },
    });
  });
});
