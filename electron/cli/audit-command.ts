/**
 * `oncall-console audit --from DATE --to DATE [--service S] --format csv|json [--out FILE]`:
 * the change audit over a period (every production deployment with its change, approver,
 * deployer and commits, and the exceptions flagged) as the console's Audit page exports it:
 * the same engine request (getAuditReport) and the same CSV and JSON (shared/rules/audit-export.ts).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditCsv, auditJson } from '../../shared/rules/audit-export';
import { parseCommandArgs } from './args';
import { EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { startReportingHost } from './delivery-host';
import { USAGE } from './usage';

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function periodEnd(name: '--from' | '--to', value: string | undefined): string {
  if (!value) throw new UsageError(`audit: pass ${name} DATE (e.g. ${name === '--from' ? '2026-11-01' : '2026-11-30'})`);
  const text = value.trim();
  if (!DATE.test(text) || Number.isNaN(Date.parse(text)))
    throw new UsageError(`audit: ${name} must be a date such as 2026-11-01 (or a timestamp such as 2026-11-01T09:00:00Z), got "${value}"`);
  return text;
}

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    service: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    workspace: { type: 'string' },
    demo: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`audit: unexpected argument "${positionals[0]}"`);
  const from = periodEnd('--from', values.from);
  const to = periodEnd('--to', values.to);
  // A date `to` means its whole day: 2026-11-01 to 2026-11-01 is one day.
  if (Date.parse(from) > Date.parse(to)) throw new UsageError(`audit: --from (${from}) is after --to (${to})`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`audit: --format must be csv or json (got "${format}")`);
  const service = values.service?.trim() || undefined;

  const host = await startReportingHost('audit', values, io);
  try {
    const report = await host.engine.getAuditReport({ from, to: to === from ? `${to}T23:59:59.999Z` : to, service });
    const text = format === 'csv' ? auditCsv(report) : `${auditJson(report)}\n`;
    if (values.out) {
      writeFileSync(resolve(values.out), text);
      io.err(
        `Wrote ${report.counts.deployments} production deployments and ${report.changesWithoutDeployment.length} changes without a deployment (${report.counts.withExceptions} with exceptions) to ${values.out}`,
      );
    } else io.out(text.replace(/\r?\n$/, ''));
    return EXIT.ok;
  } finally {
    await host.close();
  }
}
