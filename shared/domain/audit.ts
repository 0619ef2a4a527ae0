/**
 * The change audit a change manager reads over a period: every production deployment with
 * the change it went out under (type, approved by whom and when), who deployed it and the
 * commits it brought, and the exceptions flagged: a deployment without an approved change,
 * one outside its change's window, one whose commits cannot be traced, and a change closed
 * as implemented without any deployment. Built by shared/rules/change-audit.ts; shown in
 * the console, exported as CSV and JSON, printed.
 */
import { z } from 'zod';
import { ChangeType } from './change';
import { CommitSummary, DeliverySourceName, DeploymentState, SourceFreshness } from './delivery';
import { Timestamp } from './incident';

export const AuditExceptionKind = z.enum(['no-approved-change', 'outside-window', 'untraceable', 'closed-without-deployment']);
export type AuditExceptionKind = z.infer<typeof AuditExceptionKind>;

/** One exception, with the sentence that explains it ("Deployed 2 h 10 min after its change's window ended"). */
export const AuditException = z.object({ kind: AuditExceptionKind, message: z.string() });
export type AuditException = z.infer<typeof AuditException>;

/** A change as the audit lists it. */
export const AuditChange = z.object({
  id: z.string(),
  /** The number people quote (CHG0030011, CHANGE-42). */
  number: z.string(),
  url: z.string(),
  type: ChangeType,
  /** Its state as the change system names it. */
  vendorState: z.string(),
  /** Standard changes: the template that pre-approved it. */
  templateId: z.string().nullable(),
  /** Who approved it and when (a standard change: nobody, it was pre-approved). */
  approvedBy: z.array(z.object({ name: z.string(), at: Timestamp.nullable() })),
  plannedStart: Timestamp.nullable(),
  plannedEnd: Timestamp.nullable(),
  closeCode: z.enum(['successful', 'successful_issues', 'unsuccessful']).nullable(),
});
export type AuditChange = z.infer<typeof AuditChange>;

/** One production deployment of the period. */
export const AuditRow = z.object({
  deploymentKey: z.string(),
  service: z.string(),
  environment: z.string(),
  source: DeliverySourceName,
  version: z.string(),
  sha: z.string(),
  deployedAt: Timestamp,
  deployer: z.string().nullable(),
  state: DeploymentState,
  change: AuditChange.nullable(),
  /** The commits it brought (as far as read); null when its range was not read yet. */
  commits: z.array(CommitSummary).nullable(),
  totalCommits: z.number().int().min(0).nullable(),
  exceptions: z.array(AuditException),
});
export type AuditRow = z.infer<typeof AuditRow>;

/** A change of the period closed as implemented with no production deployment of its service and version. */
export const ChangeWithoutDeployment = z.object({
  service: z.string(),
  version: z.string(),
  closedAt: Timestamp,
  change: AuditChange,
  exceptions: z.array(AuditException),
});
export type ChangeWithoutDeployment = z.infer<typeof ChangeWithoutDeployment>;

export const AuditReport = z.object({
  from: Timestamp,
  to: Timestamp,
  /** The one service reported on; null for all mapped services. */
  service: z.string().nullable(),
  generatedAt: Timestamp,
  /** Newest first. */
  rows: z.array(AuditRow),
  changesWithoutDeployment: z.array(ChangeWithoutDeployment),
  counts: z.object({
    deployments: z.number().int().min(0),
    /** Rows and changes with at least one exception. */
    withExceptions: z.number().int().min(0),
    byKind: z.record(AuditExceptionKind, z.number().int().min(0)),
  }),
  /** How old the figures are, per source. */
  sources: z.array(SourceFreshness),
});
export type AuditReport = z.infer<typeof AuditReport>;
