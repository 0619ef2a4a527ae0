/**
 * Configuration items: the objects of Assets (the first workspace the account sees) that the
 * workspace's AQL selects, as refs "workspace:object" named "label (CMDB-12)". The names are
 * kept for tickets, which carry only the object's id; they are a nicety, so a ticket whose
 * configuration item has no known name shows its id.
 */
import type { Ref } from '../../../shared/domain/incident';
import type { JsmClient } from './jsm-client';
import { assetIdOf, type FieldMap } from './mapper';
import { AssetsObjectPage, AssetsWorkspaces, type JiraIssue } from './schemas';
import { MAX_PAGES, type JsmSite } from './site-context';

const DEFAULT_ASSETS_QUERY = 'objectSchema = "IT Assets"';

export class JsmAssets {
  private names: Map<string, string> | null = null;
  private loading: Promise<Ref[]> | null = null;

  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmSite,
    /** The AQL that selects configuration items (default: objectSchema = "IT Assets"). */
    private readonly query: string | undefined,
  ) {}

  /** The configuration items; calls made while a listing is under way share it. */
  list(): Promise<Ref[]> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The name of a configuration item by its ref id, when a listing has seen it. */
  nameOf(id: string): string | null {
    return this.names?.get(id) ?? null;
  }

  /** Lists the configuration items again when these issues name one whose name is not known yet (best effort). */
  async ensureNames(issues: JiraIssue[], fields: FieldMap): Promise<void> {
    const names = this.names;
    const wanted = issues.map((issue) => assetIdOf(issue, fields)).filter((id): id is string => id !== null);
    if (wanted.length === 0 || (names && wanted.every((id) => names.has(id)))) return;
    try {
      await this.list();
    } catch {
      // Names are a nicety: the ticket still shows the object's id when Assets cannot be read.
    }
  }

  private async load(): Promise<Ref[]> {
    const workspaces = await this.site.pagedAll(
      AssetsWorkspaces.shape.values.element,
      '/rest/servicedeskapi/assets/workspace',
      'find the Assets workspace',
    );
    const workspaceId = workspaces[0]?.workspaceId;
    if (!workspaceId) return [];
    const refs: Ref[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.client.request({
        method: 'POST',
        api: 'assets',
        path: `/jsm/assets/workspace/${encodeURIComponent(workspaceId)}/v1/object/aql`,
        query: [
          ['startAt', startAt],
          ['maxResults', 100],
        ],
        body: { qlQuery: this.query ?? DEFAULT_ASSETS_QUERY },
        schema: AssetsObjectPage,
        action: 'list configuration items in Assets',
        idempotent: true,
      });
      for (const object of body.values)
        refs.push({ id: `${object.workspaceId ?? workspaceId}:${object.id}`, name: `${object.label} (${object.objectKey})` });
      if (body.isLast !== false || body.values.length === 0) break;
      startAt += body.values.length;
    }
    this.names = new Map(refs.map((ref) => [ref.id, ref.name]));
    return refs;
  }
}
