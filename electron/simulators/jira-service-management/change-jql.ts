/**
 * JQL over the change project: the same subset as the incident search (jql.ts parses it:
 * clauses joined by AND on project, labels, status, statusCategory, key, created, updated,
 * assignee, priority, resolution, and ORDER BY), applied to change requests. A search
 * goes here when its project clause names the change project only (see change-routes.ts).
 */
import { CHANGE_SERVICE_DESK } from './change-config';
import type { ChangeDesk, ChangeIssue } from './change-desk';
import { matchesDate, matchesText, sortByQuery, type JqlQuery } from './jql';

/** True when the query's project clauses all name the change project (by key, id or name). */
export function searchesChangeProject(query: JqlQuery): boolean {
  const projects = query.clauses.filter((clause) => clause.field === 'project');
  const names = [CHANGE_SERVICE_DESK.projectKey, CHANGE_SERVICE_DESK.projectId, CHANGE_SERVICE_DESK.projectName].map((name) =>
    name.toLowerCase(),
  );
  return (
    projects.length > 0 &&
    projects.every(
      (clause) =>
        (clause.operator === '=' || clause.operator === 'in') && clause.values.every((value) => names.includes(value.toLowerCase())),
    )
  );
}

export function matchesChangeJql(desk: ChangeDesk, issue: ChangeIssue, query: JqlQuery, timeZone: string): boolean {
  return query.clauses.every((clause) => {
    switch (clause.field) {
      case 'project':
        return matchesText([desk.desk.projectKey, desk.desk.projectId, desk.desk.projectName], clause);
      case 'labels':
        return matchesText(issue.labels, clause);
      case 'status':
        return matchesText([issue.statusName], clause);
      case 'statuscategory': {
        const category = desk.statusOf(issue).category;
        return matchesText([category.name, category.key], clause);
      }
      case 'key':
      case 'issuekey':
        return matchesText([issue.key, issue.id], clause);
      case 'assignee':
        return matchesText(['empty'], clause);
      case 'priority':
        return matchesText(['Medium'], clause);
      case 'resolution':
        return matchesText([issue.resolution ?? 'unresolved'], clause);
      case 'created':
        return matchesDate(issue.created, clause, timeZone);
      case 'updated':
        return matchesDate(issue.updated, clause, timeZone);
      default:
        return false;
    }
  });
}

export function sortChanges(issues: readonly ChangeIssue[], query: JqlQuery): ChangeIssue[] {
  return sortByQuery(issues, query, (issue, field) =>
    field === 'updated' ? issue.updated : field === 'created' ? issue.created : Number(issue.id),
  );
}
