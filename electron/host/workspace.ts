/**
 * The workspace file: which paging platform the console watches and how (YAML, no secrets).
 *
 * Parsing is strict (unknown keys are errors) and every problem is reported as
 * `file:line:column: path: what to fix`, so a typo points straight at the offending line.
 * Secrets never live in the file: headless hosts read them from the environment.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const idList = z.array(z.string().trim().min(1));

const PagingScope = z.strictObject({
  /** Only incidents of these teams; empty = no team filter. */
  teamIds: idList.default([]),
  /** Only incidents of these services; empty = no service filter. */
  serviceIds: idList.default([]),
  /** Only incidents assigned to the token's owner. */
  assignedToMe: z.boolean().default(false),
});

const PagingSettings = z.strictObject({
  provider: z.literal('pagerduty'),
  baseUrl: z
    .string()
    .trim()
    .refine(isHttpUrl, 'must be an http(s) URL')
    .transform((url) => url.replace(/\/+$/, '')),
  scope: PagingScope.prefault({}),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(5),
  reconcileMinutes: z.number().int().min(1).max(1440).default(10),
  requestTimeoutSeconds: z.number().int().min(1).max(120).default(10),
});

/** Who the organisation's incident managers are, for the on-call panel (optional). */
const IncidentManagers = z.strictObject({
  /** The incident managers' escalation policies (PagerDuty ids). */
  escalationPolicyIds: idList.default([]),
});

const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, 'must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));

/** Where a PagerDuty service's tickets go in the ticketing system (the system's own ids). */
const ServiceMappingEntry = z.strictObject({
  pagerDutyServiceId: z.string().trim().min(1),
  assignmentGroup: z.string().trim().min(1).nullable().default(null),
  businessService: z.string().trim().min(1).nullable().default(null),
  configurationItem: z.string().trim().min(1).nullable().default(null),
});

const ServiceNowSettings = z.strictObject({
  provider: z.literal('servicenow'),
  instanceUrl: httpUrl,
  /** Close code set when resolving (default "Solution provided"). */
  closeCode: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(10),
});

const JiraServiceManagementSettings = z.strictObject({
  provider: z.literal('jira-service-management'),
  siteUrl: httpUrl,
  projectKey: z.string().trim().min(1).optional(),
  serviceDeskId: z.string().trim().min(1).optional(),
  requestTypeName: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(10),
});

const TicketingSettings = z.discriminatedUnion('provider', [ServiceNowSettings, JiraServiceManagementSettings], {
  error: 'ticketing.provider must be "servicenow" or "jira-service-management"',
});
export type TicketingSettings = z.infer<typeof TicketingSettings>;

/** Whether this host runs the automations (also `serve --automations`). */
const AutomationSettings = z.strictObject({
  enabled: z.boolean().default(false),
  /** Incidents older than this when first seen get no ticket (no mass backfill). */
  backfillHours: z.number().min(0).max(24 * 30).default(24),
});

export const WorkspaceSchema = z.strictObject({
  name: z.string().trim().min(1).default('Workspace'),
  paging: PagingSettings,
  incidentManagers: IncidentManagers.optional(),
  ticketing: TicketingSettings.optional(),
  automations: AutomationSettings.optional(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** One problem in a workspace file, located as precisely as the file allows. */
export interface WorkspaceProblem {
  line: number | null;
  column: number | null;
  /** e.g. `paging.baseUrl: must be an http(s) URL (got "api.pagerduty")` */
  problem: string;
}

/** A workspace file that cannot be used; the message names the file, line, column and problem. */
export class WorkspaceError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: WorkspaceProblem[],
  ) {
    super(problems.map((p) => formatProblem(fileName, p)).join('\n'));
    this.name = 'WorkspaceError';
  }
}

function formatProblem(fileName: string, { line, column, problem }: WorkspaceProblem): string {
  if (line === null) return `${fileName}: ${problem}`;
  return column === null ? `${fileName}:${line}: ${problem}` : `${fileName}:${line}:${column}: ${problem}`;
}

/** Parses and validates a workspace file's text; throws WorkspaceError. */
export function parseWorkspace(text: string, fileName: string): Workspace {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number | undefined): Pick<WorkspaceProblem, 'line' | 'column'> => {
    if (offset === undefined || offset < 0) return { line: null, column: null };
    const { line, col } = lineCounter.linePos(offset);
    // linePos reports line 0 for offsets before the first newline it saw.
    return { line: Math.max(line, 1), column: line === 0 ? offset + 1 : col };
  };

  if (doc.errors.length > 0) {
    throw new WorkspaceError(
      fileName,
      doc.errors.map((error) => ({ ...locate(clampToContent(text, error.pos[0])), problem: `invalid YAML: ${error.message}` })),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new WorkspaceError(fileName, [{ line: null, column: null, problem: `invalid YAML: ${(error as Error).message}` }]);
  }
  if (data === null || data === undefined) {
    throw new WorkspaceError(fileName, [
      { line: 1, column: 1, problem: 'the file is empty: expected a mapping with at least a `paging` section' },
    ]);
  }

  const result = WorkspaceSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const problems = result.error.issues.flatMap((issue) => describeIssue(issue)).map(({ path, message, atKey }) => {
    const where = path.length ? `${formatPath(path)}: ` : '';
    return { ...locate(offsetOf(doc.contents, path, atKey)), problem: `${where}${message}` };
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw new WorkspaceError(fileName, problems);
}

/** Errors found at the end of input (an unclosed quote) are shown on the last line with content. */
function clampToContent(text: string, offset: number): number {
  const lastContent = text.trimEnd().length - 1;
  return lastContent >= 0 && offset > lastContent ? lastContent : offset;
}

/** Reads, parses and validates a workspace file; throws WorkspaceError. */
export function loadWorkspaceFile(path: string): Workspace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message;
    throw new WorkspaceError(path, [{ line: null, column: null, problem: `cannot read the workspace file: ${why}` }]);
  }
  return parseWorkspace(text, path);
}

/** The PagerDuty credentials a headless host takes from its environment. */
export function readPagerDutySecrets(env: NodeJS.ProcessEnv): { token: string; from: string } {
  const token = env.PAGERDUTY_TOKEN?.trim();
  const from = env.PAGERDUTY_FROM?.trim();
  const missing = [
    token ? null : 'PAGERDUTY_TOKEN (a PagerDuty REST API key)',
    from ? null : 'PAGERDUTY_FROM (the email address of your PagerDuty user, sent as the From header on writes)',
  ].filter((name): name is string => name !== null);
  if (missing.length > 0 || !token || !from) {
    throw new MissingSecretError(`Set the environment variable ${missing.join(' and ')}.`);
  }
  return { token, from };
}

/** A secret the environment should provide is missing. */
export class MissingSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingSecretError';
  }
}

// ---------------------------------------------------------------------------------------
// Turning zod issues into located, readable problems.

interface LocatedIssue {
  path: (string | number)[];
  message: string;
  /** Point at the key itself (unknown keys) rather than its value. */
  atKey: boolean;
}

function describeIssue(issue: z.core.$ZodIssue): LocatedIssue[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const suggestion = suggest(key, known);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : '';
      return { path: [...path, key], message: `unknown key "${key}"${hint}`, atKey: true };
    });
  }
  return [{ path, message: issueMessage(issue), atKey: false }];
}

/** `paging.scope.teamIds[0]` */
function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? '' : ` (got ${preview(input)})`;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      if (input === null) return 'needs a value';
      const expected = { int: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping' }[
        issue.expected as string
      ];
      return `must be ${expected ?? issue.expected}${got}`;
    }
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array') return `is too long (at most ${issue.maximum})`;
      return `must be at most ${issue.maximum}${got}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function preview(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The keys the schema allows in the mapping at `path`. */
function knownKeysAt(path: (string | number)[]): string[] {
  let schema: z.core.$ZodType = WorkspaceSchema;
  for (const part of path) {
    const inner = unwrap(schema);
    if (!(inner instanceof z.ZodObject)) return [];
    const next = (inner.shape as Record<string, z.core.$ZodType>)[String(part)];
    if (!next) return [];
    schema = next;
  }
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    const next = def.innerType ?? def.in;
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The known key closest to `key`, if it is close enough to be a likely typo. */
export function suggest(key: string, known: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: { name: string; score: number } | null = null;
  for (const name of known) {
    const a = norm(key);
    const b = norm(name);
    let score = levenshtein(a, b);
    if (a.length >= 4 && (b.startsWith(a) || a.startsWith(b))) score = Math.min(score, 1);
    if (score <= Math.max(2, Math.floor(b.length / 3)) && (!best || score < best.score)) best = { name, score };
  }
  return best?.name ?? null;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The source offset that best matches a path in the document: the value (or the key, for
 * unknown keys) when it exists, else the key of the deepest existing ancestor.
 */
function offsetOf(root: unknown, path: (string | number)[], atKey: boolean): number | undefined {
  let node: unknown = root;
  let fallback = startOf(root);
  for (const [index, part] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) return fallback;
      const keyStart = startOf(pair.key);
      if (last && atKey) return keyStart ?? fallback;
      fallback = keyStart ?? fallback;
      node = pair.value;
      // A key with no value (`baseUrl:`) has nothing to point at but the key.
      if (node === null || (isScalar(node) && node.value === null && startOf(node) === undefined)) return fallback;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) return fallback;
      node = item;
      fallback = startOf(item) ?? fallback;
    } else {
      return fallback;
    }
  }
  return startOf(node) ?? fallback;
}

function startOf(node: unknown): number | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : undefined;
}
