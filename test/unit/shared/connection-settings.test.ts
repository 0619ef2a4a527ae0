// The Splunk On-Call connection's schemas: a stored one is lenient (an imported workspace
// leaves the API ID and username blank), a form's draft is strict, with messages that say
// what to type; the existing kinds keep their shapes.
import { describe, expect, it } from 'vitest';
import { Connection, ConnectionDraft, ConnectionKind, secretAccount } from '../../../shared/domain/connection-settings';

function draftErrors(input: Record<string, unknown>): Record<string, string> {
  const result = ConnectionDraft.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

describe('Splunk On-Call connection settings', () => {
  it('is a kind of its own, its API key kept in the keychain under splunk-on-call:<id>', () => {
    expect(ConnectionKind.options).toEqual(['pagerduty', 'splunk-on-call', 'servicenow', 'jira-service-management', 'github']);
    expect(secretAccount('splunk-on-call', 'soc1')).toBe('splunk-on-call:soc1');
  });

  it('stores with the defaults, and leaves the API ID and username blank until filled in', () => {
    expect(Connection.parse({ id: 'soc1', kind: 'splunk-on-call', label: 'Splunk On-Call' })).toEqual({
      id: 'soc1',
      kind: 'splunk-on-call',
      label: 'Splunk On-Call',
      apiUrl: 'https://api.victorops.com',
      apiId: '',
      username: '',
      requestTimeoutSeconds: 10,
    });
  });

  it('a draft needs the API ID and username, and says what to type', () => {
    expect(draftErrors({ kind: 'splunk-on-call', label: 'Acme', apiUrl: 'api.victorops.com' })).toEqual({
      apiUrl: 'must be an http(s) URL, e.g. https://api.victorops.com',
      apiId: 'enter the API ID shown in Splunk On-Call under Integrations » API',
      username: 'enter your Splunk On-Call username (acknowledgements and resolutions are done as this user)',
    });
    expect(draftErrors({ kind: 'splunk-on-call', label: 'Acme', apiId: 'acme 4f', username: 'Ada Lovelace', orgSlug: 'ui/acme' })).toEqual({
      apiId: 'the API ID has no spaces: copy it from Integrations » API in Splunk On-Call',
      username: 'enter a Splunk On-Call username (no spaces or slashes), e.g. jdoe',
      orgSlug: 'enter the organisation slug from the web app URL (portal.victorops.com/ui/<slug>/...), or leave it blank',
    });
  });

  it('a complete draft keeps what was typed, trimmed, with the trailing slash of the URL dropped', () => {
    const draft = ConnectionDraft.parse({
      kind: 'splunk-on-call',
      label: ' Acme ',
      apiUrl: 'http://127.0.0.1:4100/',
      apiId: ' acme-4f2e ',
      username: ' ada ',
    });
    expect(draft).toEqual({
      kind: 'splunk-on-call',
      label: 'Acme',
      apiUrl: 'http://127.0.0.1:4100',
      apiId: 'acme-4f2e',
      username: 'ada',
      requestTimeoutSeconds: 10,
    });
  });

  it('keeps the PagerDuty draft as it was', () => {
    expect(draftErrors({ kind: 'pagerduty', label: 'Payments' })).toEqual({
      fromEmail: 'enter the email of your PagerDuty user (sent as the From header on writes)',
    });
  });
});
