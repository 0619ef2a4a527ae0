import { describe, expect, it } from 'vitest';
import {
  alertLinks,
  httpsUrl,
  tenantOfDetails,
  toAlert,
  toIncident,
  toLogEntry,
  toNote,
} from '../../../../electron/providers/pagerduty/mapper';
import { PdAlert, PdIncident, PdLogEntry, PdNote } from '../../../../electron/providers/pagerduty/schemas';
import { Incident } from '../../../../shared/domain/incident';
import { pdIncident } from '../fake-fetch';

describe('toIncident', () => {
  it('maps references by summary, and full records (include[]) by name', () => {
    const pd = PdIncident.parse(
      pdIncident('P1', {
        status: 'acknowledged',
        urgency: 'low',
        priority: { id: 'PRIO1', type: 'priority', name: 'P1', summary: 'P1 summary' },
        service: { id: 'PSVC9', type: 'service', name: 'Payments API', summary: 'ignored when name is present' },
        acknowledgements: [
          { at: '2024-05-01T10:05:00Z', acknowledger: { id: 'PUSER1', type: 'user_reference', summary: 'Ada' } },
          { at: '2024-05-01T10:06:00Z', acknowledger: { id: 'PUSER1', type: 'user_reference', summary: 'Ada' } },
        ],
        last_status_change_at: '2024-05-01T10:05:00Z',
      }),
    );
    const incident = toIncident(pd);
    expect(Incident.parse(incident)).toEqual(incident);
    expect(incident).toMatchObject({
      id: 'P1',
      provider: 'pagerduty',
      number: 1,
      status: 'acknowledged',
      urgency: 'low',
      priority: { id: 'PRIO1', name: 'P1' },
      service: { id: 'PSVC9', name: 'Payments API' },
      team: { id: 'PTEAM1', name: 'Payments' },
      escalationPolicy: { id: 'PEP1', name: 'Payments EP' },
      assignees: [{ id: 'PUSER1', name: 'Ada' }],
      acknowledgedBy: [{ id: 'PUSER1', name: 'Ada' }],
      updatedAt: '2024-05-01T10:05:00Z',
      tenant: null,
    });
  });

  it('takes the tenant from the first trigger log entry or the incident body', () => {
    const viaTrigger = PdIncident.parse(
      pdIncident('P2', {
        first_trigger_log_entry: { id: 'R1', type: 'trigger_log_entry', channel: { type: 'api', details: { tenant: 'acme' } } },
      }),
    );
    expect(toIncident(viaTrigger).tenant).toBe('acme');
    const viaBody = PdIncident.parse(pdIncident('P3', { body: { details: { custom_details: { tenant: ' globex ' } } } }));
    expect(toIncident(viaBody).tenant).toBe('globex');
    expect(toIncident(PdIncident.parse(pdIncident('P4', { teams: [], priority: null }))).team).toBeNull();
  });
});

describe('tenantOfDetails', () => {
  it('ignores non-string and empty tenants', () => {
    expect(tenantOfDetails({ tenant: 42 })).toBeNull();
    expect(tenantOfDetails({ tenant: '  ' })).toBeNull();
    expect(tenantOfDetails('tenant=acme')).toBeNull();
    expect(tenantOfDetails(null)).toBeNull();
  });
});

describe('alert links', () => {
  it('collects https links from links, contexts and custom details, and drops everything else', () => {
    const pd = PdAlert.parse({
      id: 'A1',
      summary: 'CPU high',
      status: 'triggered',
      created_at: '2024-05-01T10:00:00Z',
      severity: 'critical',
      body: {
        details: {
          tenant: 'acme',
          dashboard_url: 'https://grafana.example.com/d/1',
          runbook_url: 'http://wiki.example.com/runbook',
          nested: { trace: 'https://tracing.example.com/t/9', evil: 'javascript:alert(1)' },
          note: 'see https://not-a-url-on-its-own? no',
        },
        contexts: [
          { type: 'link', href: 'https://runbooks.example.com/cpu', text: 'Runbook' },
          { type: 'image', src: 'https://img.example.com/1.png' },
        ],
      },
      links: [{ href: 'https://grafana.example.com/d/1', text: 'Dashboard' }, { href: 'ftp://files.example.com' }],
    });
    const alert = toAlert(pd);
    expect(alert.details.tenant).toBe('acme');
    expect(alert.links).toEqual([
      { href: 'https://grafana.example.com/d/1', text: 'Dashboard' },
      { href: 'https://runbooks.example.com/cpu', text: 'Runbook' },
      { href: 'https://tracing.example.com/t/9', text: 'trace' },
    ]);
    expect(alertLinks(pd, {})).toHaveLength(2);
  });

  it('accepts only well-formed https URLs', () => {
    expect(httpsUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(httpsUrl(' HTTPS://Example.com ')).toBe('https://example.com/');
    expect(httpsUrl('http://example.com')).toBeNull();
    expect(httpsUrl('https://')).toBeNull();
    expect(httpsUrl('data:text/html,https://x')).toBeNull();
  });
});

describe('notes and log entries', () => {
  it('maps a note and strips the _log_entry suffix of a log entry type', () => {
    expect(
      toNote(PdNote.parse({ id: 'N1', content: 'Looking', created_at: '2024-05-01T10:00:00Z', user: { id: 'PUSER1', summary: 'Ada' } })),
    ).toEqual({
      id: 'N1',
      content: 'Looking',
      createdAt: '2024-05-01T10:00:00Z',
      author: { id: 'PUSER1', name: 'Ada' },
    });
    const entry = toLogEntry(
      PdLogEntry.parse({
        id: 'R1',
        type: 'acknowledge_log_entry',
        summary: 'Acknowledged by Ada',
        created_at: '2024-05-01T10:00:00Z',
        agent: null,
      }),
    );
    expect(entry).toEqual({
      id: 'R1',
      type: 'acknowledge',
      summary: 'Acknowledged by Ada',
      createdAt: '2024-05-01T10:00:00Z',
      agent: null,
    });
  });
});
