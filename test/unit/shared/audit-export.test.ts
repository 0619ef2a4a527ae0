/**
 * The change audit's files (shared/rules/audit-export.ts): CSV as RFC 4180 says and safe in a
 * spreadsheet, JSON checked against the report's schema, and the names to save them under.
 */
import { describe, expect, it } from 'vitest';
import type { AuditChange, AuditReport, AuditRow } from '../../../shared/domain/audit';
import { auditCsv, auditFileName, auditJson } from '../../../shared/rules/audit-export';

const HEADER =
  'deployed_at,service,environment,version,commit,deployer,state,change_number,change_type,change_state,' +
  'approved_by,approved_at,window_start,window_end,commits,exceptions';

const normalChange: AuditChange = {
  id: 'C2',
  number: 'CHG0030002',
  url: 'https://acme.service-now.com/change_request.do?sys_id=sys2',
  type: 'normal',
  vendorState: 'Implement',
  templateId: null,
  approvedBy: [
    { name: 'Grace Hopper', at: '2026-11-05T08:30:00Z' },
    { name: 'Hopper, Grace "Amazing"', at: null },
  ],
  plannedStart: '2026-11-05T14:00:00Z',
  plannedEnd: '2026-11-05T16:00:00Z',
  closeCode: null,
};

const rowWithChange: AuditRow = {
  deploymentKey: 'github:D3',
  service: 'Payments API',
  environment: 'production',
  source: 'github',
  version: 'v2.2.0',
  sha: 'c'.repeat(40),
  deployedAt: '2026-11-05T18:10:00Z',
  deployer: 'ada',
  state: 'success',
  change: normalChange,
  commits: [],
  totalCommits: 12,
  exceptions: [
    { kind: 'outside-window', message: "Deployed 2 h 10 min after its change's window ended (CHG0030002, window 14:00–16:00 UTC)." },
  ],
};

const hostileRow: AuditRow = {
  ...rowWithChange,
  deploymentKey: 'github:D9',
  deployedAt: '2026-11-04T10:00:00Z',
  // What someone could name a ref or a bot to run a formula when the file is opened.
  version: '=HYPERLINK("http://evil.example","x")',
  deployer: '@SUM(1+1)',
  sha: '-2+3',
  state: 'failure',
  change: null,
  commits: null,
  totalCommits: null,
  exceptions: [
    { kind: 'no-approved-change', message: 'No change request matches it (Payments API v2.4.0, commit eeeeeee).' },
    { kind: 'untraceable', message: 'The commits it brought cannot be traced: line one\nline two.' },
  ],
};

const report: AuditReport = {
  from: '2026-11-01',
  to: '2026-11-30',
  service: null,
  generatedAt: '2026-12-01T09:00:00Z',
  rows: [rowWithChange, hostileRow],
  changesWithoutDeployment: [
    {
      service: 'Payments API',
      version: 'v2.6.0',
      closedAt: '2026-11-20T12:00:00Z',
      change: {
        ...normalChange,
        id: 'C9',
        number: 'CHG0030009',
        type: 'standard',
        templateId: 't1',
        approvedBy: [],
        closeCode: 'successful',
      },
      exceptions: [
        { kind: 'closed-without-deployment', message: 'Closed as successful on 2026-11-20 12:00 UTC, but no production deployment.' },
      ],
    },
  ],
  counts: {
    deployments: 2,
    withExceptions: 3,
    byKind: { 'no-approved-change': 1, 'outside-window': 1, untraceable: 1, 'closed-without-deployment': 1 },
  },
  sources: [{ source: 'github', label: 'GitHub', state: 'ok', readAt: '2026-12-01T08:59:00Z', error: null }],
};

describe('auditCsv', () => {
  const csv = auditCsv(report);
  const records = csv.split('\r\n');

  it('writes the header, a row per deployment, then a row per change closed without one, each line ending CRLF', () => {
    expect(records[0]).toBe(HEADER);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Header, 2 deployments, 1 change, and the empty text after the last CRLF.
    expect(records).toHaveLength(5);
    expect(records[4]).toBe('');
  });

  it('fills the columns in order for a deployment with its change, quoting commas and doubling quotes', () => {
    expect(records[1]).toBe(
      [
        '2026-11-05T18:10:00Z',
        'Payments API',
        'production',
        'v2.2.0',
        'c'.repeat(40),
        'ada',
        'success',
        'CHG0030002',
        'normal',
        'Implement',
        '"Grace Hopper; Hopper, Grace ""Amazing"""',
        '2026-11-05T08:30:00Z; ',
        '2026-11-05T14:00:00Z',
        '2026-11-05T16:00:00Z',
        '12',
        `"outside-window: Deployed 2 h 10 min after its change's window ended (CHG0030002, window 14:00–16:00 UTC)."`,
      ].join(','),
    );
  });

  it('guards against formulas with a leading apostrophe, and quotes line breaks', () => {
    expect(records[2]).toBe(
      [
        '2026-11-04T10:00:00Z',
        'Payments API',
        'production',
        `"'=HYPERLINK(""http://evil.example"",""x"")"`,
        "'-2+3",
        "'@SUM(1+1)",
        'failure',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        // One field over two lines: split on CRLF only, so the LF stays inside.
        '"no-approved-change: No change request matches it (Payments API v2.4.0, commit eeeeeee). | untraceable: The commits it brought cannot be traced: line one\nline two."',
      ].join(','),
    );
  });

  it('leaves the deployment columns of a change without deployment empty and fills its change and exception', () => {
    expect(records[3]).toBe(
      [
        '',
        'Payments API',
        '',
        'v2.6.0',
        '',
        '',
        '',
        'CHG0030009',
        'standard',
        'Implement',
        '',
        '',
        '2026-11-05T14:00:00Z',
        '2026-11-05T16:00:00Z',
        '',
        '"closed-without-deployment: Closed as successful on 2026-11-20 12:00 UTC, but no production deployment."',
      ].join(','),
    );
  });

  it('writes only the header for an empty report', () => {
    expect(auditCsv({ ...report, rows: [], changesWithoutDeployment: [] })).toBe(`${HEADER}\r\n`);
  });
});

describe('auditJson', () => {
  it('writes the report as indented JSON that reads back the same', () => {
    const json = auditJson(report);
    expect(json.startsWith('{\n  "from": "2026-11-01",')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
  });

  it('refuses what is not a report', () => {
    expect(() => auditJson({ ...report, rows: [{ ...rowWithChange, state: 'exploded' }] } as unknown as AuditReport)).toThrow();
  });
});

describe('auditFileName', () => {
  it('names the period, and the service when there is one', () => {
    expect(auditFileName(report, 'csv')).toBe('change-audit-2026-11-01-to-2026-11-30.csv');
    expect(auditFileName({ ...report, service: 'Payments API' }, 'json')).toBe('change-audit-2026-11-01-to-2026-11-30-payments-api.json');
    expect(auditFileName({ ...report, from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59.999Z' }, 'csv')).toBe(
      'change-audit-2026-11-01-to-2026-11-30.csv',
    );
  });
});
