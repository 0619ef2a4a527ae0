/**
 * The vendors' published API descriptions (OpenAPI 3 or Swagger 2, JSON or YAML) as tests read
 * them: found in ../shared/specs next to the repo (the test skips, saying where it looked, when
 * the file is absent), parsed, $refs followed, schemas compiled to ajv validators (by JSON pointer
 * into the document, so its own $refs resolve), and a request's method and concrete path matched
 * to the operation that describes it.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { referenceSpec } from './reference-specs';

export type Json = Record<string, unknown>;

/** One operation of the document: its path template, lower-case method, and its parameters ($refs followed, path-level ones first). */
export interface ApiOperation {
  template: string;
  method: string;
  op: Json;
  parameters: Json[];
  /** The JSON pointer of the operation in the document (/paths/<template>/<method>). */
  pointer: string;
  regex: RegExp;
}

export interface ApiDescription {
  document: Json;
  ajv: Ajv;
  operations: ApiOperation[];
  /** The operation for this method and concrete path (literal paths win over templates), or undefined. */
  findOperation(method: string, pathname: string): ApiOperation | undefined;
  /** The node a $ref points to (following chains), or the node itself when it is no reference. */
  resolve<T = Json>(node: unknown): T;
  /** A validator for the schema at a JSON pointer into the document, compiled once. */
  validatorAt(pointer: string): ValidateFunction;
  /** Where the operation's request body schema is (OpenAPI 3 requestBody or Swagger 2 body parameter), or null when it takes none. */
  requestSchemaPointer(operation: ApiOperation): string | null;
  /** Where the schema of the operation's response with this status is (else its 2XX, else default), or null when none is declared. */
  responseSchemaPointer(operation: ApiOperation, status: number): string | null;
}

/** The document ../shared/specs/<file>, parsed (YAML or JSON by its ending), or null after printing why `skipping` is skipped. */
export function readApiDescription(file: string, skipping: string): Json | null {
  const where = referenceSpec(file, skipping);
  if (!where) return null;
  const text = readFileSync(where, 'utf8');
  return (/\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text)) as Json;
}

/**
 * Indexes a parsed document for validation. `formats` adds or replaces string formats (a
 * vendor's own names, or a looser check than ajv-formats' where the document needs one).
 */
export function describeApi(
  document: Json,
  options: { formats?: Record<string, true | ((value: string) => boolean)> } = {},
): ApiDescription {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [name, format] of Object.entries(options.formats ?? {})) ajv.addFormat(name, format);
  ajv.addSchema(document, 'api.json');
  const openApi3 = typeof document.openapi === 'string';
  const validators = new Map<string, ValidateFunction>();

  const nodeAt = (pointer: string): unknown =>
    pointer
      .replace(/^\//, '')
      .split('/')
      .map(unescapePointer)
      .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Json)[key] : undefined), document);

  const resolve = <T = Json>(node: unknown): T => {
    let current = node as Json;
    for (let depth = 0; depth < 10 && current && typeof current.$ref === 'string'; depth++) {
      current = nodeAt((current.$ref as string).replace(/^#/, '')) as Json;
    }
    return current as T;
  };

  const operations = Object.entries(document.paths as Record<string, Json>)
    .flatMap(([template, item]) =>
      ['get', 'put', 'post', 'delete', 'patch']
        .filter((method) => item[method])
        .map((method): ApiOperation => {
          const op = item[method] as Json;
          return {
            template,
            method,
            op,
            parameters: [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((each) => resolve(each)),
            pointer: `/paths/${escapePointer(template)}/${method}`,
            regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
          };
        }),
    )
    // Literal paths before templates, so /users/me wins over /users/{id}.
    .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  /** The pointer of a node that may be a reference: where the reference leads, else where it stands. */
  const followed = (node: unknown, at: string): string => {
    const ref = (node as Json | undefined)?.$ref;
    return typeof ref === 'string' ? ref.replace(/^#/, '') : at;
  };
  const existing = (pointer: string): string | null => (nodeAt(pointer) === undefined ? null : pointer);

  return {
    document,
    ajv,
    operations,
    findOperation: (method, pathname) =>
      operations.find((operation) => operation.method === method.toLowerCase() && operation.regex.test(pathname)),
    resolve,
    validatorAt(pointer) {
      let validate = validators.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `api.json#${pointer}` });
        validators.set(pointer, validate);
      }
      return validate;
    },
    requestSchemaPointer(operation) {
      if (openApi3)
        return existing(`${followed(operation.op.requestBody, `${operation.pointer}/requestBody`)}/content/application~1json/schema`);
      const listed = (operation.op.parameters as unknown[] | undefined) ?? [];
      const index = listed.findIndex((parameter) => resolve(parameter).in === 'body');
      return index < 0 ? null : `${followed(listed[index], `${operation.pointer}/parameters/${index}`)}/schema`;
    },
    responseSchemaPointer(operation, status) {
      const responses = (operation.op.responses as Json | undefined) ?? {};
      const key = [String(status), `${String(status)[0]}XX`, 'default'].find((each) => each in responses);
      if (!key) return null;
      const at = followed(responses[key], `${operation.pointer}/responses/${key}`);
      return existing(openApi3 ? `${at}/content/application~1json/schema` : `${at}/schema`);
    },
  };
}

/** ajv's errors as one line each: where, and what is wrong (with the keyword's parameters). */
export function errorLines(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${error.instancePath || '(body)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  );
}

/** The first few of ajv's errors in one line. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return errorLines(errors).slice(0, 5).join('; ');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
