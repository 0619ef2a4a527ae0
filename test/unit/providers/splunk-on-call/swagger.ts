/**
 * Splunk On-Call's published Swagger 2.0 document (../shared/specs/splunk-on-call-api-v1.swagger.yaml)
 * for the provider's tests: finds the operation a request goes to (method and path
 * template), the header parameters it requires, and checks bodies against its schemas
 * with ajv. Null (after printing why) when the document is not next to the repo.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { referenceSpec } from '../../../support/reference-specs';

type Json = Record<string, unknown>;

interface Operation {
  template: string;
  description: string;
  parameters: Json[];
  responses: Json;
}

interface SplunkOnCallSwagger {
  /** The operation for this method and concrete path, or null when the document has none. */
  operation(method: string, path: string): Operation | null;
  /** The names of the header parameters the operation requires. */
  requiredHeaders(operation: Operation): string[];
  /** The names of the query parameters the operation knows. */
  queryParameters(operation: Operation): string[];
  /** Problems of a request body against the operation's body parameter ([] when it fits). */
  bodyProblems(operation: Operation, body: unknown): string[];
  /** Problems of a 200 body against the operation's 200 response ([] when it fits). */
  responseProblems(operation: Operation, body: unknown): string[];
  /** Problems of a value against a definition (#/definitions/<name>). */
  definitionProblems(name: string, value: unknown): string[];
}

const SPEC_FILE = 'splunk-on-call-api-v1.swagger.yaml';

export function loadSplunkOnCallSwagger(skipping: string): SplunkOnCallSwagger | null {
  const where = referenceSpec(SPEC_FILE, skipping);
  if (!where) return null;
  const doc = parse(readFileSync(where, 'utf8')) as Json;
  const definitions = doc.definitions as Json;
  const parameters = doc.parameters as Json;
  const responses = doc.responses as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const problems = (schema: Json, value: unknown): string[] => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ ...schema, definitions });
      compiled.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message}`);
  };
  const resolve = <T extends Json>(node: Json, from: Json): T => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node as T;
    return from[ref.slice(ref.lastIndexOf('/') + 1)] as T;
  };
  const operations: Array<{ method: string; pattern: RegExp; literalSegments: number; operation: Operation }> = [];
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    for (const [method, raw] of Object.entries(item as Json)) {
      const op = raw as Json;
      operations.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literalSegments: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
        operation: {
          template,
          description: String(op.description ?? ''),
          parameters: ((op.parameters as Json[]) ?? []).map((parameter) => resolve(parameter, parameters)),
          responses: (op.responses as Json) ?? {},
        },
      });
    }
  }
  return {
    operation(method, path) {
      const candidates = operations.filter((each) => each.method === method.toUpperCase() && each.pattern.test(path));
      candidates.sort((a, b) => b.literalSegments - a.literalSegments);
      return candidates[0]?.operation ?? null;
    },
    requiredHeaders(operation) {
      return operation.parameters.filter((each) => each.in === 'header' && each.required === true).map((each) => String(each.name));
    },
    queryParameters(operation) {
      return operation.parameters.filter((each) => each.in === 'query').map((each) => String(each.name));
    },
    bodyProblems(operation, body) {
      const parameter = operation.parameters.find((each) => each.in === 'body');
      if (!parameter) return body === undefined ? [] : ['the operation takes no body'];
      return problems(parameter.schema as Json, body);
    },
    responseProblems(operation, body) {
      const ok = operation.responses['200'] as Json | undefined;
      if (!ok) return ['the operation has no 200 response'];
      const schema = resolve<Json>(ok, responses).schema as Json | undefined;
      return schema ? problems(schema, body) : [];
    },
    definitionProblems(name, value) {
      return problems({ $ref: `#/definitions/${name}` }, value);
    },
  };
}
