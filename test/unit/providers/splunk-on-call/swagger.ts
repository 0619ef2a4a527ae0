/**
 * Splunk On-Call's published Swagger 2.0 document (../shared/specs/splunk-on-call-api-v1.swagger.yaml)
 * for the provider's tests: finds the operation a request goes to (method and path
 * template), the header parameters it requires, and checks bodies against its schemas.
 * Null (after printing why) when the document is not next to the repo. The reading, $refs,
 * validators and route lookup are the shared test/support/api-description.
 */
import { describeApi, errorLines, readApiDescription, type ApiOperation } from '../../../support/api-description';

interface Operation {
  template: string;
  description: string;
  source: ApiOperation;
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
  const document = readApiDescription(SPEC_FILE, skipping);
  if (!document) return null;
  const api = describeApi(document);
  const problems = (pointer: string, value: unknown): string[] => {
    const validate = api.validatorAt(pointer);
    return validate(value) ? [] : errorLines(validate.errors);
  };
  return {
    operation(method, path) {
      const found = api.findOperation(method, path);
      return found ? { template: found.template, description: String(found.op.description ?? ''), source: found } : null;
    },
    requiredHeaders(operation) {
      return operation.source.parameters.filter((each) => each.in === 'header' && each.required === true).map((each) => String(each.name));
    },
    queryParameters(operation) {
      return operation.source.parameters.filter((each) => each.in === 'query').map((each) => String(each.name));
    },
    bodyProblems(operation, body) {
      const pointer = api.requestSchemaPointer(operation.source);
      if (!pointer) return body === undefined ? [] : ['the operation takes no body'];
      return problems(pointer, body);
    },
    responseProblems(operation, body) {
      if (!('200' in ((operation.source.op.responses as object | undefined) ?? {}))) return ['the operation has no 200 response'];
      const pointer = api.responseSchemaPointer(operation.source, 200);
      return pointer ? problems(pointer, body) : [];
    },
    definitionProblems(name, value) {
      return problems(`/definitions/${name}`, value);
    },
  };
}
