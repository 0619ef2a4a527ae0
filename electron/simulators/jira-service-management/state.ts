/**
 * The simulated site's records and every change to them: requests (Jira issues), comments
 * and the changelog each field change writes (with who made it), plus the vendor refusals
 * tests arm (an issue the integration user may not edit).
 */
import { PRIORITIES, RESOLUTIONS, statusNamed, TRANSITIONS, transitionsFrom, URGENCIES } from './workflow';
import type { AssetObjectRecord, JsmDemoSite, JsmServiceRecord, JsmTeamRecord, JsmUserRecord } from './demo-site';
import { DEMO_SERVICE_DESK } from './demo-site';
import { FIELD_IDS, type ChangeItem, type ChangelogRecord, type CommentRecord, type IssueRecord } from './types';

export interface NewIssueInput {
  requestTypeId: string;
  summary: string;
  description?: string | null;
  priorityName?: string;
  labels?: string[];
  reporterId: string;
  teamId?: string | null;
  affectedServiceIds?: string[];
  configurationItemIds?: string[];
  urgency?: string | null;
  majorIncident?: boolean;
}

/** Field changes; keys left out stay as they are. */
export type IssueChange = Partial<
  Pick<
    IssueRecord,
    | 'summary'
    | 'description'
    | 'priorityName'
    | 'labels'
    | 'assigneeId'
    | 'teamId'
    | 'affectedServiceIds'
    | 'configurationItemIds'
    | 'urgency'
    | 'majorIncident'
  >
>;

export class JsmState {
  readonly serviceDesk = DEMO_SERVICE_DESK;
  private readonly issues = new Map<string, IssueRecord>();
  private readonly issuesByKey = new Map<string, IssueRecord>();
  private readonly comments: CommentRecord[] = [];
  private readonly changelog: ChangelogRecord[] = [];
  private readonly editDenied = new Set<string>();
  private nextIssueId = 10001;
  private nextIssueNumber = 1;
  private nextCommentId = 20001;
  private nextChangelogId = 30001;

  constructor(
    readonly site: JsmDemoSite,
    readonly now: () => number,
  ) {}

  // --- directory ---------------------------------------------------------------------------

  get users(): readonly JsmUserRecord[] {
    return this.site.users;
  }
  getUser(accountId: string): JsmUserRecord | undefined {
    return this.site.users.find((user) => user.accountId === accountId);
  }
  getUserByEmail(email: string): JsmUserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return this.site.users.find((user) => user.emailAddress.toLowerCase() === wanted);
  }
  getTeam(id: string): JsmTeamRecord | undefined {
    return this.site.teams.find((team) => team.id === id);
  }
  getService(id: string): JsmServiceRecord | undefined {
    return this.site.services.find((service) => service.id === id);
  }
  getAsset(objectId: string): AssetObjectRecord | undefined {
    return this.site.assets.find((asset) => asset.objectId === objectId);
  }

  // --- requests ----------------------------------------------------------------------------

  getIssue(idOrKey: string): IssueRecord | undefined {
    return this.issues.get(idOrKey) ?? this.issuesByKey.get(idOrKey.toUpperCase());
  }

  /** Every request, oldest first. */
  listIssues(): IssueRecord[] {
    return [...this.issues.values()];
  }

  createIssue(input: NewIssueInput): IssueRecord {
    const at = this.now();
    const number = this.nextIssueNumber++;
    const issue: IssueRecord = {
      id: String(this.nextIssueId++),
      key: `${this.serviceDesk.projectKey}-${number}`,
      requestTypeId: input.requestTypeId,
      summary: input.summary,
      description: input.description ?? null,
      statusName: 'Open',
      resolution: null,
      resolutionDate: null,
      priorityName: input.priorityName ?? 'Medium',
      labels: [...new Set(input.labels ?? [])],
      reporterId: input.reporterId,
      assigneeId: null,
      teamId: input.teamId ?? null,
      affectedServiceIds: input.affectedServiceIds ?? [],
      configurationItemIds: input.configurationItemIds ?? [],
      urgency: input.urgency ?? null,
      majorIncident: input.majorIncident ?? false,
      created: at,
      updated: at,
    };
    this.issues.set(issue.id, issue);
    this.issuesByKey.set(issue.key, issue);
    return issue;
  }

  /** Applies field changes as `actorId`, writing one changelog entry for what really changed. */
  updateIssue(issue: IssueRecord, change: IssueChange, actorId: string): IssueRecord {
    const items: ChangeItem[] = [];
    const at = this.now();
    const record = (
      field: string,
      fieldId: string,
      custom: boolean,
      from: string | null,
      fromString: string | null,
      to: string | null,
      toString: string | null,
    ) => {
      items.push({ field, fieldtype: custom ? 'custom' : 'jira', fieldId, from, fromString, to, toString });
    };
    if (change.summary !== undefined && change.summary !== issue.summary) {
      record('summary', 'summary', false, null, issue.summary, null, change.summary);
      issue.summary = change.summary;
    }
    if (change.description !== undefined && change.description !== issue.description) {
      record('description', 'description', false, null, issue.description, null, change.description);
      issue.description = change.description;
    }
    if (change.priorityName !== undefined && change.priorityName !== issue.priorityName) {
      const from = PRIORITIES.find((p) => p.name === issue.priorityName);
      const to = PRIORITIES.find((p) => p.name === change.priorityName);
      record('priority', 'priority', false, from?.id ?? null, issue.priorityName, to?.id ?? null, change.priorityName);
      issue.priorityName = change.priorityName;
    }
    if (change.labels !== undefined) {
      const next = [...new Set(change.labels)];
      if (next.join(' ') !== issue.labels.join(' ')) {
        record('labels', 'labels', false, null, issue.labels.join(' '), null, next.join(' '));
        issue.labels = next;
      }
    }
    if (change.assigneeId !== undefined && change.assigneeId !== issue.assigneeId) {
      const name = (id: string | null) => (id ? (this.getUser(id)?.displayName ?? id) : null);
      record('assignee', 'assignee', false, issue.assigneeId, name(issue.assigneeId), change.assigneeId, name(change.assigneeId));
      issue.assigneeId = change.assigneeId;
    }
    if (change.teamId !== undefined && change.teamId !== issue.teamId) {
      const name = (id: string | null) => (id ? (this.getTeam(id)?.name ?? id) : null);
      record('Team', FIELD_IDS.team, true, issue.teamId, name(issue.teamId), change.teamId, name(change.teamId));
      issue.teamId = change.teamId;
    }
    if (change.affectedServiceIds !== undefined && change.affectedServiceIds.join(',') !== issue.affectedServiceIds.join(',')) {
      const names = (ids: string[]) => ids.map((id) => this.getService(id)?.name ?? id).join(', ');
      record(
        'Affected services',
        FIELD_IDS.affectedServices,
        true,
        issue.affectedServiceIds.join(','),
        names(issue.affectedServiceIds),
        change.affectedServiceIds.join(','),
        names(change.affectedServiceIds),
      );
      issue.affectedServiceIds = [...change.affectedServiceIds];
    }
    if (change.configurationItemIds !== undefined && change.configurationItemIds.join(',') !== issue.configurationItemIds.join(',')) {
      const names = (ids: string[]) => ids.map((id) => this.getAsset(id)?.objectKey ?? id).join(', ');
      record(
        'Configuration item',
        FIELD_IDS.configurationItem,
        true,
        issue.configurationItemIds.join(','),
        names(issue.configurationItemIds),
        change.configurationItemIds.join(','),
        names(change.configurationItemIds),
      );
      issue.configurationItemIds = [...change.configurationItemIds];
    }
    if (change.urgency !== undefined && change.urgency !== issue.urgency) {
      const id = (value: string | null) => URGENCIES.find((u) => u.value === value)?.id ?? null;
      record('Urgency', FIELD_IDS.urgency, true, id(issue.urgency), issue.urgency, id(change.urgency), change.urgency);
      issue.urgency = change.urgency;
    }
    if (change.majorIncident !== undefined && change.majorIncident !== issue.majorIncident) {
      const text = (on: boolean) => (on ? 'Major incident' : null);
      record('Major incident', FIELD_IDS.majorIncident, true, null, text(issue.majorIncident), null, text(change.majorIncident));
      issue.majorIncident = change.majorIncident;
    }
    if (items.length > 0) this.writeChangelog(issue, actorId, items, at);
    return issue;
  }

  /** Moves the issue along a transition as `actorId`; the caller has checked it is allowed. */
  transitionIssue(issue: IssueRecord, transitionId: string, resolution: string | null, actorId: string): IssueRecord {
    const transition = TRANSITIONS.find((item) => item.id === transitionId);
    if (!transition || !transition.from.includes(issue.statusName))
      throw new Error(`Transition ${transitionId} is not valid from ${issue.statusName}`);
    const at = this.now();
    const from = statusNamed(issue.statusName);
    const to = statusNamed(transition.to);
    const items: ChangeItem[] = [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name },
    ];
    const nextResolution = to.category.key === 'done' ? (resolution ?? issue.resolution ?? 'Done') : null;
    if (nextResolution !== issue.resolution) {
      const id = (name: string | null) => RESOLUTIONS.find((r) => r.name === name)?.id ?? null;
      items.push({
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: id(issue.resolution),
        fromString: issue.resolution,
        to: id(nextResolution),
        toString: nextResolution,
      });
    }
    issue.statusName = to.name;
    issue.resolution = nextResolution;
    issue.resolutionDate = nextResolution ? at : null;
    this.writeChangelog(issue, actorId, items, at);
    return issue;
  }

  availableTransitions(issue: IssueRecord) {
    return transitionsFrom(issue.statusName);
  }

  addComment(issue: IssueRecord, authorId: string, body: string, isPublic: boolean): CommentRecord {
    const comment: CommentRecord = {
      id: String(this.nextCommentId++),
      issueId: issue.id,
      authorId,
      body,
      public: isPublic,
      created: this.now(),
    };
    this.comments.push(comment);
    issue.updated = Math.max(issue.updated, comment.created);
    return comment;
  }

  commentsOf(issue: IssueRecord): CommentRecord[] {
    return this.comments.filter((comment) => comment.issueId === issue.id);
  }

  changelogOf(issue: IssueRecord): ChangelogRecord[] {
    return this.changelog.filter((entry) => entry.issueId === issue.id);
  }

  // --- vendor refusals ---------------------------------------------------------------------

  /** From now on, edits, transitions and comments on this issue get 403 (the integration user lost its permission). */
  denyEdits(issueKey: string): void {
    this.editDenied.add(issueKey.toUpperCase());
  }
  allowEdits(issueKey: string): void {
    this.editDenied.delete(issueKey.toUpperCase());
  }
  editsDenied(issue: IssueRecord): boolean {
    return this.editDenied.has(issue.key);
  }

  private writeChangelog(issue: IssueRecord, authorId: string, items: ChangeItem[], at: number): void {
    this.changelog.push({ id: String(this.nextChangelogId++), issueId: issue.id, authorId, created: at, items });
    issue.updated = Math.max(issue.updated, at);
  }
}
