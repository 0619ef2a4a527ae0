/**
 * Checks shared by every route that changes a request: it exists, the acting account may
 * edit it (see JsmState.denyEdits), and its status allows edits (Closed and Canceled
 * freeze fields, as Jira's jira.issue.editable=false workflow property does).
 */
import { jiraErrors } from '../errors';
import type { JsmState } from '../state';
import type { IssueRecord } from '../types';
import { statusNamed } from '../workflow';

export function findIssue(state: JsmState, idOrKey: string | undefined): IssueRecord {
  const issue = idOrKey ? state.getIssue(idOrKey) : undefined;
  if (!issue) throw jiraErrors.issueNotFound();
  return issue;
}

export function assertMayEdit(state: JsmState, issue: IssueRecord, action: 'edit' | 'transition' | 'comment'): void {
  if (state.editsDenied(issue)) {
    throw action === 'edit'
      ? jiraErrors.cannotEdit()
      : action === 'transition'
        ? jiraErrors.cannotTransition()
        : jiraErrors.cannotComment();
  }
  if (action === 'edit' && !statusNamed(issue.statusName).editable) throw jiraErrors.notEditable(issue.statusName);
}
