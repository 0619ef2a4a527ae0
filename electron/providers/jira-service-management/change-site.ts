/**
 * What the change system needs to know about the site before it can act, loaded once (and
 * again on the next call when loading failed): the change project's service desk and its
 * change request type (by name: the docs fix none, note §1c), the change fields' ids (by
 * name through /rest/api/3/field, unless the settings give them), the signed-in account
 * (only when a method needs it), and request type forms (their fields and presets).
 */
import { ProviderError } from '../../engine/ports';
import type { ChangeMapContext } from './change-mapper';
import { changeTypeValues, StatusRules } from './change-mapper';
import { RequestTypeForm, type RequestTypeField } from './change-schemas';
import { CHANGE_FIELD_KEYS, DEFAULT_CHANGE_FIELD_NAMES, type ChangeFieldKey, type JsmChangeSettings } from './change-settings';
import { PRODUCT, type JsmClient } from './jsm-client';
import { JiraFieldList, JiraUser, RequestType, ServiceDesk } from './schemas';
import { JsmSite } from './site-context';

const DEFAULT_CHANGE_REQUEST_TYPE = 'Request a change';

export interface ChangeSiteContext {
  desk: { id: string; projectKey: string };
  /** The request type of normal and emergency changes; its issue type is the Change issue type. */
  requestType: { id: string; name: string; issueTypeId: string | null };
  map: ChangeMapContext;
}

export interface SignedIn {
  accountId: string;
  displayName: string;
  email: string | null;
  timeZone: string;
}

export class JsmChangeSite {
  private loading: Promise<ChangeSiteContext> | null = null;
  private signedIn: Promise<SignedIn> | null = null;
  private readonly forms = new Map<string, Promise<RequestTypeField[]>>();
  /** Service Desk paging (pagedAll), shared with the ticketing provider. */
  readonly paging: JsmSite;

  constructor(
    private readonly client: JsmClient,
    private readonly settings: JsmChangeSettings,
    private readonly email: string,
  ) {
    this.paging = new JsmSite(client, { email });
  }

  /** The site context, loaded on first use (a failed load is retried on the next call). */
  context(): Promise<ChangeSiteContext> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** The account the API token belongs to. */
  me(): Promise<SignedIn> {
    this.signedIn ??= this.client
      .request({ method: 'GET', path: '/rest/api/3/myself', schema: JiraUser, action: 'read the account the API token belongs to' })
      .then((user) => ({
        accountId: user.accountId,
        displayName: user.displayName ?? user.accountId,
        email: user.emailAddress ?? null,
        timeZone: user.timeZone ?? 'UTC',
      }))
      .catch((error: unknown) => {
        this.signedIn = null;
        throw error;
      });
    return this.signedIn;
  }

  /** A request type's fields, hidden (preset) ones included where the account may see them; read once per request type. */
  form(deskId: string, requestTypeId: string): Promise<RequestTypeField[]> {
    let form = this.forms.get(requestTypeId);
    if (!form) {
      form = this.client
        .request({
          method: 'GET',
          path: `/rest/servicedeskapi/servicedesk/${deskId}/requesttype/${requestTypeId}/field`,
          query: [['expand', 'hiddenFields']],
          schema: RequestTypeForm,
          action: `read the fields of request type ${requestTypeId}`,
          notFoundHint: `request type ${requestTypeId} does not exist in service desk ${deskId} (deleted?)`,
        })
        .then((body) => body.requestTypeFields);
      form.catch(() => this.forms.delete(requestTypeId));
      this.forms.set(requestTypeId, form);
    }
    return form;
  }

  private async load(): Promise<ChangeSiteContext> {
    const wantedName = this.settings.requestTypeName ?? DEFAULT_CHANGE_REQUEST_TYPE;
    const desks = await this.paging.pagedAll(ServiceDesk, '/rest/servicedeskapi/servicedesk', 'list service desks');
    const named = this.settings.serviceDeskId ?? this.settings.projectKey;
    const candidates = named ? desks.filter((desk) => desk.id === named || desk.projectKey === named) : desks;
    if (named && candidates.length === 0)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: ${this.email} cannot see the change service desk ${named} (it sees: ${desks.map((desk) => `${desk.projectKey} (id ${desk.id})`).join(', ') || 'none'}); fix changes.serviceDeskId / changes.projectKey or add the account as an agent of that project.`,
      );
    const seen: string[] = [];
    for (const desk of candidates) {
      const types = await this.paging.pagedAll(
        RequestType,
        `/rest/servicedeskapi/servicedesk/${desk.id}/requesttype`,
        `list the request types of ${desk.projectKey}`,
      );
      const found = types.find((type) => type.name.trim().toLowerCase() === wantedName.toLowerCase());
      if (found) {
        const fields = await this.fieldIds();
        return {
          desk: { id: desk.id, projectKey: desk.projectKey },
          requestType: { id: found.id, name: found.name, issueTypeId: found.issueTypeId ?? null },
          map: {
            siteUrl: this.client.site,
            fields,
            rules: new StatusRules(this.settings),
            typeValues: changeTypeValues(this.settings),
          },
        };
      }
      seen.push(`${desk.projectKey}: ${types.map((type) => `"${type.name}"`).join(', ') || 'none'}`);
    }
    throw new ProviderError(
      'rejected',
      `${PRODUCT}: no service desk ${this.email} can see has a request type named "${wantedName}" for changes (${seen.join('; ') || 'it sees no service desk'}); name the change request type in changes.requestTypeName, or the change project in changes.projectKey.`,
    );
  }

  /** The change fields' ids: those the settings give, else the field with the (default) name; the Change type field is required. */
  private async fieldIds(): Promise<Record<ChangeFieldKey, string | null>> {
    const all = await this.client.request({ method: 'GET', path: '/rest/api/3/field', schema: JiraFieldList, action: 'list fields' });
    const fields = {} as Record<ChangeFieldKey, string | null>;
    for (const key of CHANGE_FIELD_KEYS) {
      const name = (this.settings.fieldNames?.[key] ?? DEFAULT_CHANGE_FIELD_NAMES[key]).toLowerCase();
      fields[key] =
        this.settings.fields?.[key] ?? all.find((field) => field.custom !== false && field.name.toLowerCase() === name)?.id ?? null;
    }
    if (!fields.changeType)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "${this.settings.fieldNames?.changeType ?? DEFAULT_CHANGE_FIELD_NAMES.changeType}" field: turn on change management for the project, or name the field in changes.fieldNames.changeType.`,
      );
    return fields;
  }
}
