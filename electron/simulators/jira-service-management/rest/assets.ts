/**
 * Assets (the JSM CMDB) object search: POST /jsm/assets/workspace/{workspaceId}/v1/object/aql
 * with {"qlQuery": "..."}, paged by startAt/maxResults. The simulator understands AQL
 * clauses joined by AND: objectSchema = "...", objectType = "..." or IN (...), Key = "...".
 */
import { JiraApiError, jiraErrors } from '../errors';
import { DEMO_ASSETS_SCHEMA, type AssetObjectRecord } from '../demo-site';
import { isObject, type Route } from './router';

function aqlError(message: string): JiraApiError {
  return new JiraApiError(400, { errorMessages: [message], errors: { iql: message } });
}

function matcher(qlQuery: string): (asset: AssetObjectRecord) => boolean {
  const clauses = qlQuery.trim() === '' ? [] : qlQuery.split(/\s+AND\s+/i);
  const tests = clauses.map((clause) => {
    const match = /^\s*(objectSchema|objectType|Key|Label)\s*(=|IN)\s*(.+?)\s*$/i.exec(clause);
    if (!match)
      throw aqlError(
        `AQL clause "${clause.trim()}" is not understood by the simulator: use objectSchema, objectType, Key or Label with = or IN.`,
      );
    const [, attribute = '', operator = '', rawValue = ''] = match;
    const values =
      operator.toUpperCase() === 'IN'
        ? rawValue
            .replace(/^\(|\)$/g, '')
            .split(',')
            .map((value) => value.trim().replace(/^"|"$/g, ''))
        : [rawValue.replace(/^"|"$/g, '')];
    const lower = values.map((value) => value.toLowerCase());
    switch (attribute.toLowerCase()) {
      case 'objectschema':
        return () => lower.includes(DEMO_ASSETS_SCHEMA.toLowerCase());
      case 'objecttype':
        return (asset: AssetObjectRecord) => lower.includes(asset.objectTypeName.toLowerCase());
      case 'key':
        return (asset: AssetObjectRecord) => lower.includes(asset.objectKey.toLowerCase());
      default:
        return (asset: AssetObjectRecord) => lower.includes(asset.label.toLowerCase());
    }
  });
  return (asset) => tests.every((test) => test(asset));
}

export const assetsRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/jsm/assets/workspace/:workspaceId/v1/object/aql',
    handler: (context) => {
      const { site } = context.state;
      if (context.params.workspaceId !== site.workspaceId)
        throw jiraErrors.notFound(`No Assets workspace ${context.params.workspaceId} on this site.`);
      const body = isObject(context.body) ? context.body : {};
      if (typeof body.qlQuery !== 'string') throw aqlError('Send {"qlQuery": "<AQL>"}.');
      const found = site.assets.filter(matcher(body.qlQuery));
      const startAt = Math.max(0, Math.floor(Number(context.query.get('startAt') ?? 0)) || 0);
      const maxResults = Math.min(100, Math.max(1, Math.floor(Number(context.query.get('maxResults') ?? 25)) || 25));
      const values = found.slice(startAt, startAt + maxResults);
      return {
        status: 200,
        body: {
          startAt,
          maxResults,
          total: found.length,
          isLast: startAt + values.length >= found.length,
          values: values.map((asset) => ({
            workspaceId: site.workspaceId,
            globalId: `${site.workspaceId}:${asset.objectId}`,
            id: asset.objectId,
            label: asset.label,
            objectKey: asset.objectKey,
            objectType: { id: String(asset.objectTypeName.length), name: asset.objectTypeName },
          })),
        },
      };
    },
  },
];
