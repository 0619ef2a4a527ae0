/**
 * What a fresh read of the change system means for the console's person: a change now
 * waiting for their approval, a change on one of their team's services approved or
 * rejected, a template they proposed (or one for their team's service) decided. The first
 * read is the baseline: what was already so is not news.
 */
import type { ChangeRequest, ChangeTemplate } from '../../../shared/domain/change';
import type { NotificationCandidate } from '../notifications/notification-candidate';
import { waitsFor } from '../../../shared/rules/change-approvals';

export interface NoticeContext {
  me: { email: string; name: string };
  /** The services of my teams (lower-cased names): their changes are mine. */
  myServiceNames: ReadonlySet<string>;
}

const lower = (text: string) => text.trim().toLowerCase();

function whatItCovers(change: ChangeRequest): string {
  return `${change.service.name} ${change.deployment.version} · ${change.type}`;
}

function decidedBy(change: ChangeRequest, decision: 'approved' | 'rejected'): string {
  const by = change.approvals.find((approval) => approval.state === decision);
  if (!by) return '';
  const comment = by.comment.trim() ? `: ${by.comment.trim().replace(/\s+/g, ' ')}` : '';
  return ` by ${by.approver.name}${comment}`;
}

/** Notices for the changes read now, against those read before (null: the first read, nothing is news). */
export function changeNotices(
  before: ReadonlyMap<string, ChangeRequest> | null,
  after: readonly ChangeRequest[],
  context: NoticeContext,
): NotificationCandidate[] {
  if (before === null) return [];
  const notices: NotificationCandidate[] = [];
  for (const change of after) {
    const previous = before.get(change.id);
    const number = change.record.number;
    if (waitsFor(change, context.me) && !(previous && waitsFor(previous, context.me))) {
      notices.push({
        kind: 'change',
        incidentId: null,
        title: `Change waiting for your approval: ${number}`,
        body: `${whatItCovers(change)} · ${change.shortDescription}`.slice(0, 240),
        urgency: 'low',
        onCallForThis: true,
      });
    }
    const mine = context.myServiceNames.has(lower(change.service.name));
    if (mine && previous && previous.approval !== change.approval && (change.approval === 'approved' || change.approval === 'rejected')) {
      // A standard change is approved by its template when raised: only a decision someone took is news.
      if (change.type === 'standard' && change.approval === 'approved') continue;
      notices.push({
        kind: 'change',
        incidentId: change.incidentId,
        title: `${number} ${change.approval}${decidedBy(change, change.approval)}`.slice(0, 120),
        body: whatItCovers(change),
        urgency: change.approval === 'rejected' ? 'high' : 'low',
        onCallForThis: true,
      });
    }
  }
  return notices;
}

/** Notices for templates: a proposal of mine (or for my team's service) approved or rejected. */
export function templateNotices(
  before: ReadonlyMap<string, ChangeTemplate> | null,
  after: readonly ChangeTemplate[],
  context: NoticeContext,
): NotificationCandidate[] {
  if (before === null) return [];
  const notices: NotificationCandidate[] = [];
  for (const template of after) {
    const previous = before.get(template.id);
    if (!previous || previous.state !== 'proposed' || (template.state !== 'approved' && template.state !== 'rejected')) continue;
    const proposedByMe = template.proposedBy !== null && lower(template.proposedBy.name) === lower(context.me.name);
    if (!proposedByMe && !context.myServiceNames.has(lower(template.service.name))) continue;
    const by = template.decidedBy ? ` by ${template.decidedBy.name}` : '';
    const why = template.state === 'rejected' && template.decisionComment.trim() ? `: ${template.decisionComment.trim()}` : '';
    notices.push({
      kind: 'change',
      incidentId: null,
      title: `Template "${template.name}" ${template.state}${by}`.slice(0, 120),
      body: `${template.service.name}${why}`.slice(0, 240),
      urgency: 'low',
      onCallForThis: true,
    });
  }
  return notices;
}
