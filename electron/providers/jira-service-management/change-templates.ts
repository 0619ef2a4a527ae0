/**
 * Standard change templates in Jira Service Management: request types of the change
 * project whose hidden Change type is preset to Standard (as a site admin sets them up), or
 * that the console created and described in a request type property. JSM has no once-off
 * approval of a template: proposing one creates its request type at once and it is
 * approved from then on (see change-mapper.ts, toChangeTemplate).
 *
 * Requests:
 * - list: GET .../servicedesk/{desk}/requesttype (paged), then per request type other than
 *   the change request type: GET .../requesttype/{id}/field?expand=hiddenFields (presets)
 *   and GET .../requesttype/{id}/property/CONSOLE_TEMPLATE_PROPERTY (404: none).
 * - one: GET .../requesttype/{id}, its fields and its property.
 * - propose: the list of request types (a name already taken is refused, or, when it is
 *   the console's own earlier proposal, answered as it is), POST .../requesttype
 *   {issueTypeId (the Change issue type), name, description, helpText} (createRequestType:
 *   it cannot preset fields, and needs a service desk administrator), then PUT the property.
 *   The property routes are experimental: they are sent with `X-ExperimentalApi: opt-in`.
 */
import type { ChangeTemplate } from '../../../shared/domain/change';
import type { Ref } from '../../../shared/domain/incident';
import { ProviderError } from '../../engine/ports';
import type { TemplateDraft } from '../../engine/ports/change-system';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { toChangeTemplate } from './change-mapper';
import { ChangeRequestType, EntityProperty, TemplateProperty } from './change-schemas';
import type { ChangeSiteContext, JsmChangeSite } from './change-site';
import { JsmRefusal, PRODUCT, type JsmClient } from './jsm-client';
import { NoContent } from './schemas';

/** The request type property holding a console-made template's service, risk and plans. */
const CONSOLE_TEMPLATE_PROPERTY = 'oncall-console.change-template';

function isTransient(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'transient';
}

export class JsmChangeTemplates {
  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmChangeSite,
    private readonly concurrency: number,
  ) {}

  async list(): Promise<ChangeTemplate[]> {
    const context = await this.site.context();
    const candidates = (await this.requestTypes(context)).filter((type) => type.id !== context.requestType.id);
    const templates = await mapWithConcurrency(candidates, this.concurrency, (type) => this.asTemplate(context, type));
    return templates.filter((template): template is ChangeTemplate => template !== null);
  }

  /** The template with this request type id, or null when there is no such request type or it is no template. */
  async one(templateId: string): Promise<ChangeTemplate | null> {
    const context = await this.site.context();
    if (!/^\d+$/.test(templateId)) return null;
    let type: ChangeRequestType;
    try {
      type = await this.client.request({
        method: 'GET',
        path: `/rest/servicedeskapi/servicedesk/${context.desk.id}/requesttype/${templateId}`,
        schema: ChangeRequestType,
        action: `read request type ${templateId} of ${context.desk.projectKey}`,
      });
    } catch (error) {
      if (error instanceof JsmRefusal && error.status === 404) return null;
      throw error;
    }
    return this.asTemplate(context, type);
  }

  async propose(draft: TemplateDraft, service: Ref): Promise<ChangeTemplate> {
    const context = await this.site.context();
    const me = await this.site.me();
    const name = draft.name.trim();
    const property: TemplateProperty = {
      version: 1,
      service,
      risk: draft.risk,
      scope: draft.scope.trim(),
      implementationPlan: draft.implementationPlan.trim(),
      backoutPlan: draft.backoutPlan.trim(),
      testPlan: draft.testPlan.trim(),
      proposedBy: { id: me.accountId, name: me.displayName },
      proposedAt: new Date().toISOString(),
    };
    let created = await this.named(context, name);
    if (created) {
      const own = await this.property(context, created.id);
      const sameService = own && own.service.name.toLowerCase() === service.name.toLowerCase();
      // A replay after an unclear failure: the console's own request type for this service, with or without its property yet.
      if (!(sameService || (!own && (created.description ?? '') === property.scope)))
        throw new ProviderError(
          'rejected',
          `${PRODUCT}: the change project ${context.desk.projectKey} already has a request type named "${name}": choose another name for the template`,
        );
      if (own) return this.asTemplate(context, created) as Promise<ChangeTemplate>;
    } else {
      if (!context.requestType.issueTypeId)
        throw new ProviderError(
          'rejected',
          `${PRODUCT} did not say which issue type "${context.requestType.name}" is: the template's request type cannot be made like it`,
        );
      try {
        created = await this.client.request({
          method: 'POST',
          path: `/rest/servicedeskapi/servicedesk/${context.desk.id}/requesttype`,
          body: {
            issueTypeId: context.requestType.issueTypeId,
            name,
            description: property.scope,
            helpText: `A pre-approved standard change of ${service.name} (${draft.risk} risk): raise it for a deployment that fits.`,
          },
          schema: ChangeRequestType,
          action: `create the request type "${name}" for the template in ${context.desk.projectKey}`,
          forbiddenHint: `creating a request type needs a service desk administrator of ${context.desk.projectKey}: ask a Jira admin to make the account one, or to create the standard change request type`,
          idempotent: false,
        });
      } catch (error) {
        // The answer was lost, not the request type, perhaps: look once more before failing.
        const found = isTransient(error) ? await this.named(context, name).catch(() => null) : null;
        if (!found) throw error;
        created = found;
      }
    }
    await this.client.request({
      method: 'PUT',
      path: `/rest/servicedeskapi/servicedesk/${context.desk.id}/requesttype/${created.id}/property/${CONSOLE_TEMPLATE_PROPERTY}`,
      body: property,
      schema: NoContent,
      experimental: true,
      action: `describe the template "${name}" on its request type ${created.id}`,
      forbiddenHint: `setting a request type property needs a project administrator of ${context.desk.projectKey}; request type ${created.id} was created without its description: propose the template again once the account may`,
    });
    return this.asTemplate(context, created) as Promise<ChangeTemplate>;
  }

  private requestTypes(context: ChangeSiteContext): Promise<ChangeRequestType[]> {
    return this.site.paging.pagedAll(
      ChangeRequestType,
      `/rest/servicedeskapi/servicedesk/${context.desk.id}/requesttype`,
      `list the request types of ${context.desk.projectKey}`,
    );
  }

  private async named(context: ChangeSiteContext, name: string): Promise<ChangeRequestType | null> {
    return (await this.requestTypes(context)).find((type) => type.name.trim().toLowerCase() === name.toLowerCase()) ?? null;
  }

  private async asTemplate(context: ChangeSiteContext, type: ChangeRequestType): Promise<ChangeTemplate | null> {
    // Only request types of the change issue type can be change templates.
    if (context.requestType.issueTypeId && type.issueTypeId && type.issueTypeId !== context.requestType.issueTypeId) return null;
    const [form, property] = await Promise.all([this.site.form(context.desk.id, type.id), this.property(context, type.id)]);
    return toChangeTemplate(type, form, property, { ...context.map, deskId: context.desk.id });
  }

  /** The console's description of a template on its request type, or null (none, or not one this version wrote). */
  private async property(context: ChangeSiteContext, requestTypeId: string): Promise<TemplateProperty | null> {
    try {
      const body = await this.client.request({
        method: 'GET',
        path: `/rest/servicedeskapi/servicedesk/${context.desk.id}/requesttype/${requestTypeId}/property/${CONSOLE_TEMPLATE_PROPERTY}`,
        schema: EntityProperty,
        experimental: true,
        action: `read the template property of request type ${requestTypeId}`,
      });
      const parsed = TemplateProperty.safeParse(body.value);
      return parsed.success ? parsed.data : null;
    } catch (error) {
      if (error instanceof JsmRefusal && error.status === 404) return null;
      throw error;
    }
  }
}
