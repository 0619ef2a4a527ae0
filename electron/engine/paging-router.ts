/**
 * One paging provider over several platforms (PagerDuty and Splunk On-Call): every action
 * goes to the platform of the incident it names, known by its id (a platform other than the
 * first prefixes its incidents' ids with its own id and a colon, "splunk-on-call:1234"); a
 * bulk action spanning platforms is one request per platform; reads that cover everything
 * (the directory, who is on call, incident times, the recently resolved) ask every platform
 * and merge. Syncing is per platform (paging-syncs.ts), so the incident list reads are not
 * served here.
 */
import type { Directory, OnCall } from '../../shared/domain/directory';
import type { Incident, IncidentDetail, Note } from '../../shared/domain/incident';
import type { IncidentTimes } from '../../shared/rules/response-metrics';
import {
  ProviderError,
  type ChangeSet,
  type IncidentChange,
  type IncidentDetailHints,
  type PagingProvider,
  type ProviderUser,
  type SyncCursor,
} from './ports';

export class PagingRouter implements PagingProvider {
  readonly id: string;
  readonly label: string;

  /** `platforms[0]` is the workspace's first platform: whose user the console acts as, and whose incidents carry no prefix. */
  constructor(private readonly platforms: readonly [PagingProvider, ...PagingProvider[]]) {
    this.id = platforms[0].id;
    this.label = platforms.map((platform) => platform.label).join(' and ');
  }

  /** The platform an incident id belongs to. */
  platformOf(incidentId: string): PagingProvider {
    return this.platforms.slice(1).find((platform) => incidentId.startsWith(`${platform.id}:`)) ?? this.platforms[0];
  }

  /** The ids grouped by platform, in the order given. */
  private byPlatform(incidentIds: readonly string[]): [PagingProvider, string[]][] {
    const groups = new Map<PagingProvider, string[]>();
    for (const id of incidentIds) {
      const platform = this.platformOf(id);
      groups.set(platform, [...(groups.get(platform) ?? []), id]);
    }
    return [...groups];
  }

  /** One call per platform; every platform is asked even when one refuses, then the first refusal is thrown. */
  private async eachPlatform(
    incidentIds: readonly string[],
    act: (platform: PagingProvider, ids: string[]) => Promise<void>,
  ): Promise<void> {
    const outcomes = await Promise.allSettled(this.byPlatform(incidentIds).map(([platform, ids]) => act(platform, ids)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  whoAmI(): Promise<ProviderUser> {
    return this.platforms[0].whoAmI();
  }

  async listRecentlyResolved(limit: number): Promise<Incident[]> {
    const lists = await this.fromEvery((platform) => platform.listRecentlyResolved(limit));
    return lists
      .flat()
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
      .slice(0, limit);
  }

  reopen(incidentIds: string[]): Promise<void> {
    return this.eachPlatform(incidentIds, (platform, ids) => platform.reopen(ids));
  }

  listOpenIncidents(): Promise<{ incidents: Incident[]; cursor: SyncCursor }> {
    return Promise.reject(new Error('Each paging platform is synced on its own (paging-syncs.ts)'));
  }

  changesSince(): Promise<ChangeSet> {
    return Promise.reject(new Error('Each paging platform is synced on its own (paging-syncs.ts)'));
  }

  getIncidentDetail(incidentId: string, hints?: IncidentDetailHints): Promise<IncidentDetail> {
    return this.platformOf(incidentId).getIncidentDetail(incidentId, hints);
  }

  async incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>> {
    const maps = await Promise.all(this.byPlatform(incidentIds).map(([platform, ids]) => platform.incidentsNow(ids)));
    return new Map(maps.flatMap((map) => [...map]));
  }

  listNotes(incidentId: string): Promise<Note[]> {
    return this.platformOf(incidentId).listNotes(incidentId);
  }

  acknowledge(incidentIds: string[]): Promise<void> {
    return this.eachPlatform(incidentIds, (platform, ids) => platform.acknowledge(ids));
  }

  resolve(incidentIds: string[], note?: string): Promise<void> {
    return this.eachPlatform(incidentIds, (platform, ids) => platform.resolve(ids, note));
  }

  addNote(incidentId: string, content: string): Promise<Note> {
    return this.platformOf(incidentId).addNote(incidentId, content);
  }

  updateNote(incidentId: string, noteId: string, content: string): Promise<void> {
    return this.platformOf(incidentId).updateNote(incidentId, noteId, content);
  }

  deleteNote(incidentId: string, noteId: string): Promise<void> {
    return this.platformOf(incidentId).deleteNote(incidentId, noteId);
  }

  updateIncidents(incidentIds: string[], change: IncidentChange): Promise<void> {
    return this.eachPlatform(incidentIds, (platform, ids) => platform.updateIncidents(ids, change));
  }

  snooze(incidentId: string, durationSeconds: number): Promise<void> {
    return this.platformOf(incidentId).snooze(incidentId, durationSeconds);
  }

  addResponders(incidentId: string, request: { userIds: string[]; escalationPolicyIds: string[]; message: string }): Promise<void> {
    return this.platformOf(incidentId).addResponders(incidentId, request);
  }

  merge(targetIncidentId: string, sourceIncidentIds: string[]): Promise<void> {
    const target = this.platformOf(targetIncidentId);
    const elsewhere = sourceIncidentIds.filter((id) => this.platformOf(id) !== target);
    if (elsewhere.length > 0)
      return Promise.reject(
        new ProviderError(
          'rejected',
          `Incidents on different paging platforms cannot be merged: ${elsewhere.join(', ')} ${elsewhere.length === 1 ? 'is' : 'are'} not on ${target.label}`,
        ),
      );
    return target.merge(targetIncidentId, sourceIncidentIds);
  }

  /**
   * Every platform's answer to a read that covers them all; a platform that cannot answer is
   * left out (the others carry on: its own sync's badge says it is down), unless none can.
   */
  private async fromEvery<T>(read: (platform: PagingProvider) => Promise<T>): Promise<T[]> {
    const outcomes = await Promise.allSettled(this.platforms.map(read));
    const answers = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    if (answers.length === 0) throw (outcomes[0] as PromiseRejectedResult).reason;
    return answers;
  }

  async getDirectory(): Promise<Directory> {
    const directories = await this.fromEvery((platform) => platform.getDirectory());
    return {
      users: directories.flatMap((directory) => directory.users),
      teams: directories.flatMap((directory) => directory.teams),
      services: directories.flatMap((directory) => directory.services),
      escalationPolicies: directories.flatMap((directory) => directory.escalationPolicies),
      priorities: directories.flatMap((directory) => directory.priorities),
    };
  }

  async listOnCalls(): Promise<OnCall[]> {
    return (await this.fromEvery((platform) => platform.listOnCalls())).flat();
  }

  async listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]> {
    return (await this.fromEvery((platform) => platform.listIncidentTimes(sinceMs))).flat();
  }
}
