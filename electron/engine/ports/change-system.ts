/**
 * The organisation's change system (ServiceNow Change Management, Jira Service Management
 * change requests) as the engine and the command line use it: read the pre-approved
 * templates, raise a change for a deployment (idempotently), read changes back, decide an
 * approval, move and close a change. Providers map the vendor's records onto
 * shared/domain/change.ts; a refusal is a ProviderError in the vendor's words.
 */
import type { ChangeRequest, ChangeRisk, ChangeState, ChangeTemplate, ChangeType } from '../../../shared/domain/change';

/** What the pipeline asks for: the change a deployment needs. */
export interface ChangeDraft {
  type: ChangeType;
  /** The paging platform's service: its name is how the change system's service is found. */
  service: { id: string; name: string };
  /** For a standard change: the change system's id of the template it is raised from. */
  templateId: string | null;
  shortDescription: string;
  /** What people read first: what is deployed, why and how. */
  description: string;
  deployment: { version: string; commit: string; runUrl: string | null };
  /**
   * The same deployment asked twice gives the same change: the service, version and run
   * (see changeKey), stored on the change so it can be found again.
   */
  key: string;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  /** The incident an emergency change fixes. */
  incidentId?: string | null;
}

/** What a product team proposes: a pre-approved (standard) change template for its service. */
export interface TemplateDraft {
  service: { id: string; name: string };
  name: string;
  /** What it covers: the kind of change it pre-approves. */
  scope: string;
  risk: ChangeRisk;
  implementationPlan: string;
  backoutPlan: string;
  testPlan: string;
}

/** Who decides, when the console signs in as an integration account and decides on a person's behalf (matched by email). */
export interface Approver {
  email: string;
  name: string;
}

export interface ChangeFilter {
  /** Changes raised for this key (one deployment). */
  key?: string;
  /** The service's changes. */
  serviceName?: string;
  /** With serviceName: only the changes the console raised for this version (found by their key). */
  version?: string;
  /** Changes created or updated since then (ISO). */
  since?: string;
  /**
   * Also name who approved the normal and emergency changes already decided (the audit says
   * who approved each deployment's change): ServiceNow one more read per 100 changes, Jira one per change.
   */
  withApprovals?: boolean;
}

export interface ChangeSystem {
  /** "ServiceNow": starts messages. */
  readonly label: string;
  /** "servicenow": the domain's VendorRecord.system. */
  readonly system: string;
  /** The services the change system knows (ServiceNow's cmdb_ci_service), by name: `--service` must name one. */
  listServices(): Promise<{ id: string; name: string }[]>;
  /** Approved and retired templates, and the proposals still waiting for (or refused) a change manager's approval. */
  listTemplates(): Promise<ChangeTemplate[]>;
  /**
   * Proposes a template for a change manager to approve once (ServiceNow: a standard change
   * proposal; a system without template approval may answer it approved at once). A
   * refusal (a field the system will not take) is a ProviderError in the vendor's words.
   */
  proposeTemplate(draft: TemplateDraft): Promise<ChangeTemplate>;
  /** A change manager's decision on a proposed template; a rejection needs a comment. */
  decideTemplate(templateId: string, decision: 'approved' | 'rejected', comment: string, approver?: Approver): Promise<ChangeTemplate>;
  findChanges(filter: ChangeFilter): Promise<ChangeRequest[]>;
  /** By its number (CHG0030001) or the system's id; a ProviderError 404 when there is none. */
  getChange(numberOrId: string): Promise<ChangeRequest>;
  raiseChange(draft: ChangeDraft): Promise<ChangeRequest>;
  /**
   * An approval decision: the signed-in user's own, or, with `approver`, that person's
   * requested approval decided on their behalf (the console's integration account; the
   * vendor records it as theirs). A rejection needs a comment.
   */
  decideChange(changeId: string, decision: 'approved' | 'rejected', comment: string, approver?: Approver): Promise<ChangeRequest>;
  moveChange(changeId: string, to: ChangeState): Promise<ChangeRequest>;
  closeChange(
    changeId: string,
    close: { code: 'successful' | 'successful_issues' | 'unsuccessful'; notes: string },
  ): Promise<ChangeRequest>;
}

/**
 * "oncall:Payments API:1.4.2:9f3a0c1e": one deployment's key, short enough for a vendor's
 * correlation field (ServiceNow's correlation_id holds 100 characters): the service's
 * name, the version and a digest of the pipeline run's URL ("-" without one). Every key
 * of one version starts with changeKeyPrefix, which is how the gate finds them in one read.
 */
export function changeKey(serviceName: string, version: string, runUrl: string | null): string {
  return `${changeKeyPrefix(serviceName, version)}${runUrl ? fnv1a(runUrl) : '-'}`;
}

export function changeKeyPrefix(serviceName: string, version: string): string {
  return `oncall:${serviceName.trim().toLowerCase()}:${version.trim()}:`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable digest, not a secret. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
