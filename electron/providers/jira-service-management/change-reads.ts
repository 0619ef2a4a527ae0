/**
 * Reading changes: one JQL search for a filter (the key and the service's version by their
 * labels, `since` by `updated`), one change by key or id, and what the mapping needs beyond
 * the issue: the approvals of a change waiting for approval or declined, and the comments of
 * a declined one (who declined it and why). See change-system.ts for the requests.
 */
import type { ChangeRequest } from '../../../shared/domain/change';
import { ProviderError } from '../../engine/ports';
import { changeKeyPrefix, type ChangeFilter } from '../../engine/ports/change-system';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { changeLabel, changeTypeOfIssue, toChangeRequest, wantsApprovals, wantsComments } from './change-mapper';
import { ChangeIssue, ChangeSearchResults, SdApproval } from './change-schemas';
import type { ChangeSiteContext, JsmChangeSite } from './change-site';
import { JsmRefusal, PRODUCT, type JsmClient } from './jsm-client';
import { jqlDate, jqlString } from './jql';
import { SdComment } from './schemas';
import { MAX_PAGES } from './site-context';

const SEARCH_PAGE_SIZE = 100;
/** Searches by `updated` start this long before `since`: JQL dates have minute precision, and clocks differ. */
const SINCE_OVERLAP_MS = 2 * 60_000;
/** A change's key (CHG-12) or id. */
const ISSUE_REF = /^([A-Za-z][A-Za-z0-9_]*-\d+|\d+)$/;

/** An ISO date-time as ms; a ProviderError naming `what` when it is none. */
export function dateOf(what: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new ProviderError('rejected', `${what} "${iso}" is not a date-time (ISO 8601, e.g. 2026-12-06T14:00:00Z)`);
  return ms;
}

export class JsmChangeReads {
  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmChangeSite,
    private readonly email: string,
    private readonly concurrency: number,
  ) {}

  private searchFields(context: ChangeSiteContext): string {
    const custom = Object.values(context.map.fields).filter((id): id is string => id !== null);
    return ['summary', 'status', 'created', 'updated', 'labels', 'description', 'issuetype', ...custom].join(',');
  }

  /** Whether an issue is a change: of the change request type's issue type (when both say). */
  private isChange(context: ChangeSiteContext, issue: ChangeIssue): boolean {
    const wanted = context.requestType.issueTypeId;
    const actual = issue.fields.issuetype?.id;
    return !wanted || !actual || wanted === actual;
  }

  /**
   * The changes a filter selects, in one JQL search: the key and the service's version by
   * their labels (see changeLabel), `since` by `updated`; a service without a version by its
   * Affected services on the answer. Every condition is checked again on the answer.
   */
  async readChanges(filter: ChangeFilter): Promise<ChangeIssue[]> {
    const context = await this.site.context();
    const parts = [`project = ${jqlString(context.desk.projectKey)}`];
    const keyLabel = filter.key !== undefined ? changeLabel(filter.key) : null;
    if (keyLabel !== null) parts.push(`labels = ${jqlString(keyLabel)}`);
    const prefixLabel =
      filter.serviceName !== undefined && filter.version !== undefined
        ? changeLabel(changeKeyPrefix(filter.serviceName, filter.version))
        : null;
    if (prefixLabel !== null) parts.push(`labels = ${jqlString(prefixLabel)}`);
    const since = filter.since !== undefined ? dateOf('since', filter.since) : null;
    if (since !== null) parts.push(`updated >= ${jqlString(jqlDate(since - SINCE_OVERLAP_MS, (await this.site.me()).timeZone))}`);
    const jql = `${parts.join(' AND ')} ORDER BY created ASC`;
    const service = filter.serviceName?.trim().toLowerCase();
    const servicesField = context.map.fields.affectedServices;
    return (await this.search(context, jql)).filter((issue) => {
      const labels = issue.fields.labels ?? [];
      const services = servicesField ? (issue.fields as Record<string, unknown>)[servicesField] : undefined;
      const named =
        Array.isArray(services) && services.some((item: { name?: unknown }) => String(item?.name ?? '').toLowerCase() === service);
      return (
        this.isChange(context, issue) &&
        (keyLabel === null || labels.includes(keyLabel)) &&
        (prefixLabel === null || labels.includes(prefixLabel)) &&
        (service === undefined || prefixLabel !== null || named) &&
        (since === null || Date.parse(issue.fields.updated) >= since)
      );
    });
  }

  private async search(context: ChangeSiteContext, jql: string): Promise<ChangeIssue[]> {
    const issues: ChangeIssue[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: [string, string | number][] = [
        ['jql', jql],
        ['fields', this.searchFields(context)],
        ['maxResults', SEARCH_PAGE_SIZE],
      ];
      if (token) query.push(['nextPageToken', token]);
      const body = await this.client.request({
        method: 'GET',
        path: '/rest/api/3/search/jql',
        query,
        schema: ChangeSearchResults,
        action: 'search changes',
      });
      issues.push(...body.issues);
      token = body.nextPageToken ?? null;
      if (body.isLast === true || !token || body.issues.length === 0) break;
    }
    return issues;
  }

  /** One change by key (CHG-12) or id; a ProviderError 404 when there is none or it is no change. */
  async readChange(numberOrId: string): Promise<ChangeIssue> {
    const context = await this.site.context();
    const ref = numberOrId.trim();
    if (!ISSUE_REF.test(ref)) throw new ProviderError('rejected', `"${numberOrId}" is not a ${PRODUCT} change key (CHG-12) or issue id`);
    let issue: ChangeIssue;
    try {
      issue = await this.client.request({
        method: 'GET',
        path: `/rest/api/3/issue/${encodeURIComponent(ref)}`,
        query: [['fields', this.searchFields(context)]],
        schema: ChangeIssue,
        action: `read change ${ref}`,
      });
    } catch (error) {
      if (error instanceof JsmRefusal && error.status === 404)
        throw new ProviderError(
          'rejected',
          `${PRODUCT} has no change ${ref} (404): check the key, or whether ${this.email} can see it (it needs to be an agent of ${context.desk.projectKey})`,
          404,
        );
      throw error;
    }
    if (!this.isChange(context, issue))
      throw new ProviderError(
        'rejected',
        `${issue.key} is not a change (it is a ${issue.fields.issuetype?.name ?? 'request of another kind'})`,
        404,
      );
    return issue;
  }

  async readApprovals(key: string): Promise<SdApproval[]> {
    return this.site.paging.pagedAll(
      SdApproval,
      `/rest/servicedeskapi/request/${encodeURIComponent(key)}/approval`,
      `read the approvals of ${key}`,
    );
  }

  readComments(key: string): Promise<SdComment[]> {
    return this.site.paging.pagedAll(
      SdComment,
      `/rest/servicedeskapi/request/${encodeURIComponent(key)}/comment`,
      `read the comments on ${key}`,
    );
  }

  async mappedOne(issue: ChangeIssue): Promise<ChangeRequest> {
    const [mapped] = await this.mapped([issue]);
    if (!mapped) throw new Error('unreachable: one change maps to one');
    return mapped;
  }

  /** The changes as the console's, with the approvals and comments of those waiting for approval or declined (with `withApprovals`, every non-standard one's approvals). */
  async mapped(issues: readonly ChangeIssue[], withApprovals = false): Promise<ChangeRequest[]> {
    const context = await this.site.context();
    const named = (issue: ChangeIssue) =>
      wantsApprovals(issue, context.map) || (withApprovals && changeTypeOfIssue(issue, context.map) !== 'standard');
    return mapWithConcurrency(issues, this.concurrency, async (issue) => {
      const [approvals, comments] = await Promise.all([
        named(issue) ? this.readApprovals(issue.key) : Promise.resolve(undefined),
        wantsComments(issue, context.map) ? this.readComments(issue.key) : Promise.resolve(undefined),
      ]);
      return toChangeRequest(issue, context.map, { approvals, comments });
    });
  }
}
