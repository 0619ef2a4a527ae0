/**
 * What the Jira Service Management provider needs to know about the site before it can act:
 * the account the API token belongs to, the service desk and incident request type to raise
 * requests in, and the ids of the custom fields it reads and writes (found by name unless
 * the workspace gives them). Loaded once, and again on the next call when loading failed.
 * Also the Service Desk API's paging (pagedAll) and the values a request type's field offers.
 */
import type { Ref } from '../../../shared/domain/incident';
import { ProviderError } from '../../engine/ports';
import type { JiraServiceManagementConfig } from './config';
import { PRODUCT, type JsmClient } from './jsm-client';
import type { FieldMap } from './mapper';
import { JiraFieldList, JiraUser, pagedDto, RequestType, RequestTypeFields, ServiceDesk } from './schemas';

/** Any paged read stops after this many pages. */
export const MAX_PAGES = 50;

export interface SiteContext {
  me: { accountId: string; displayName: string; email: string | null; timeZone: string };
  serviceDesk: { id: string; projectKey: string };
  requestTypeId: string;
  fields: FieldMap;
}

const FIELD_DEFAULT_NAMES: Record<keyof FieldMap, string> = {
  team: 'Team',
  affectedServices: 'Affected services',
  configurationItem: 'Configuration item',
  majorIncident: 'Major incident',
  urgency: 'Urgency',
};

/** The parts of the configuration that say which service desk, request type and fields to use. */
type SiteSettings = Pick<
  JiraServiceManagementConfig,
  'email' | 'serviceDeskId' | 'projectKey' | 'requestTypeId' | 'requestTypeName' | 'fields' | 'fieldNames'
>;

export class JsmSite {
  private loading: Promise<SiteContext> | null = null;

  constructor(
    private readonly client: JsmClient,
    private readonly settings: SiteSettings,
  ) {}

  /** The site context, loaded on first use (a failed load is retried on the next call). */
  context(): Promise<SiteContext> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** Every value of a Service Desk API list (PagedDTO), page by page, up to MAX_PAGES pages. */
  async pagedAll<T extends Parameters<typeof pagedDto>[0]>(
    item: T,
    path: string,
    action: string,
    query: [string, string][] = [],
  ): Promise<ReturnType<T['parse']>[]> {
    const schema = pagedDto(item);
    const values: unknown[] = [];
    let start = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.client.request({ method: 'GET', path, query: [...query, ['start', start], ['limit', 50]], schema, action });
      values.push(...body.values);
      if (body.isLastPage || body.values.length === 0) break;
      start += body.values.length;
    }
    return values as ReturnType<T['parse']>[];
  }

  /** The values the incident request type's form offers for a field (the teams, the business services). */
  async validValues(key: 'team' | 'affectedServices'): Promise<Ref[]> {
    const context = await this.context();
    const fieldId = context.fields[key];
    if (!fieldId)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "${FIELD_DEFAULT_NAMES[key]}" field; add it to the project or name the field in ticketing.fieldNames.`,
      );
    const body = await this.client.request({
      method: 'GET',
      path: `/rest/servicedeskapi/servicedesk/${context.serviceDesk.id}/requesttype/${context.requestTypeId}/field`,
      schema: RequestTypeFields,
      action: `read the fields of the incident request type in ${context.serviceDesk.projectKey}`,
    });
    const field = body.requestTypeFields.find((item) => item.fieldId === fieldId);
    return (field?.validValues ?? []).map((value) => ({ id: value.value, name: value.label }));
  }

  private async load(): Promise<SiteContext> {
    const settings = this.settings;
    const me = await this.client.request({
      method: 'GET',
      path: '/rest/api/3/myself',
      schema: JiraUser,
      action: 'read the account the API token belongs to',
    });
    const desks = await this.pagedAll(ServiceDesk, '/rest/servicedeskapi/servicedesk', 'list service desks');
    const desk = settings.serviceDeskId
      ? desks.find((item) => item.id === settings.serviceDeskId)
      : settings.projectKey
        ? desks.find((item) => item.projectKey === settings.projectKey)
        : desks[0];
    if (!desk) {
      const wanted = settings.serviceDeskId
        ? `service desk ${settings.serviceDeskId}`
        : settings.projectKey
          ? `a service desk for project ${settings.projectKey}`
          : 'any service desk';
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: ${settings.email} cannot see ${wanted} (it sees: ${desks.map((item) => `${item.projectKey} (id ${item.id})`).join(', ') || 'none'}); fix serviceDeskId/projectKey or add the account as an agent of the service desk.`,
      );
    }
    const types = await this.pagedAll(
      RequestType,
      `/rest/servicedeskapi/servicedesk/${desk.id}/requesttype`,
      `list the request types of ${desk.projectKey}`,
    );
    const wantedName = settings.requestTypeName ?? 'Report a system problem';
    const requestType = settings.requestTypeId
      ? types.find((item) => item.id === settings.requestTypeId)
      : types.find((item) => item.name.toLowerCase() === wantedName.toLowerCase());
    if (!requestType) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: service desk ${desk.projectKey} has no request type ${settings.requestTypeId ? `with id ${settings.requestTypeId}` : `named "${wantedName}"`}; it has ${types.map((item) => `"${item.name}" (id ${item.id})`).join(', ') || 'none'}. Set requestTypeId or requestTypeName.`,
      );
    }
    const fields = await this.fieldIds();
    return {
      me: {
        accountId: me.accountId,
        displayName: me.displayName ?? me.accountId,
        email: me.emailAddress ?? null,
        timeZone: me.timeZone ?? 'UTC',
      },
      serviceDesk: { id: desk.id, projectKey: desk.projectKey },
      requestTypeId: requestType.id,
      fields,
    };
  }

  /** The custom fields' ids: those the workspace gives, else the custom field with the (default) name. */
  private async fieldIds(): Promise<FieldMap> {
    const allFields = await this.client.request({ method: 'GET', path: '/rest/api/3/field', schema: JiraFieldList, action: 'list fields' });
    const fields = {} as FieldMap;
    for (const key of Object.keys(FIELD_DEFAULT_NAMES) as (keyof FieldMap)[]) {
      const name = (this.settings.fieldNames?.[key] ?? FIELD_DEFAULT_NAMES[key]).toLowerCase();
      fields[key] =
        this.settings.fields?.[key] ?? allFields.find((field) => field.custom !== false && field.name.toLowerCase() === name)?.id ?? null;
    }
    return fields;
  }
}
