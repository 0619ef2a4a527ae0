/**
 * YAML files a person writes (the workspace, the service catalogue) parsed with positions,
 * so that a problem found in the data points at its line: `file:line:column: path: what
 * to fix`. Also turns zod issues into short messages with the path they concern, with a
 * "did you mean" for mistyped keys.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

export type YamlPath = (string | number)[];

/** Where in a file something is; null when the file gives no better place. */
export interface YamlPosition {
  line: number | null;
  column: number | null;
}

/** One problem in a YAML file, located as precisely as the file allows. */
export interface YamlProblem extends YamlPosition {
  /** e.g. `paging.baseUrl: must be an http(s) URL (got "api.pagerduty")` */
  problem: string;
}

/** A problem found in the data, by the path it concerns (not yet located). */
export interface PathIssue {
  path: YamlPath;
  message: string;
  /** Point at the key itself (unknown keys) rather than its value. */
  atKey: boolean;
}

export type ParsedYaml =
  | {
      ok: true;
      /** The document as plain data; null or undefined for an empty file. */
      data: unknown;
      /** The position of the value at `path` (or its key), falling back to the nearest ancestor that exists. */
      locate(path: YamlPath, atKey?: boolean): YamlPosition;
    }
  | { ok: false; problems: YamlProblem[] };

/** Parses YAML text (unique keys, at most 100 aliases) keeping the positions of its nodes. */
export function parseYamlWithPositions(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number | undefined): YamlPosition => {
    if (offset === undefined || offset < 0) return { line: null, column: null };
    const { line, col } = lineCounter.linePos(offset);
    // linePos reports line 0 for offsets before the first newline it saw.
    return { line: Math.max(line, 1), column: line === 0 ? offset + 1 : col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({ ...position(clampToContent(text, error.pos[0])), problem: `invalid YAML: ${error.message}` })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ line: null, column: null, problem: `invalid YAML: ${(error as Error).message}` }] };
  }
  return { ok: true, data, locate: (path, atKey = false) => position(offsetOf(doc.contents, path, atKey)) };
}

/** `file:line:column: problem`, leaving out what is unknown. */
export function formatProblem(fileName: string, { line, column, problem }: YamlProblem): string {
  if (line === null) return `${fileName}: ${problem}`;
  return column === null ? `${fileName}:${line}: ${problem}` : `${fileName}:${line}:${column}: ${problem}`;
}

/** Orders problems by where they are in the file (unlocated ones first). */
export function byPosition(a: YamlPosition, b: YamlPosition): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** `paging.scope.teamIds[0]`; keys with spaces or dots are quoted: `labels["team name"]`. */
export function formatPath(path: YamlPath): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (!/^[A-Za-z_$][\w$:-]*$/.test(part)) return `[${JSON.stringify(part)}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join('');
}

/**
 * Readable, path-carrying problems for zod issues. `schema` (the one that was parsed) and
 * `data` (what it was given) let an unknown key name the keys allowed in its place.
 */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType, data: unknown): PathIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [], schema, data));
}

function describeIssue(issue: z.core.$ZodIssue, base: YamlPath, schema: z.core.$ZodType, data: unknown): PathIssue[] {
  const path = [...base, ...issue.path.filter((part): part is string | number => typeof part !== 'symbol')];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, data, path);
    return issue.keys.map((key) => {
      const suggestion = suggest(key, known);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : '';
      return { path: [...path, key], message: `unknown key "${key}"${hint}`, atKey: true };
    });
  }
  if (issue.code === 'invalid_union') {
    const discriminator = (issue as { discriminator?: string }).discriminator;
    if (discriminator !== undefined) {
      // zod already put the discriminator on the path; show its value, not the whole mapping.
      const input = (issue as { input?: unknown }).input;
      const value = isRecord(input) ? input[discriminator] : undefined;
      return [
        { path, message: value === undefined ? `is required: ${issue.message}` : `${issue.message} (got ${preview(value)})`, atKey: false },
      ];
    }
    // Follow the one branch the value was clearly meant for (the right shape at the top).
    const branches = issue.errors.filter(
      (branch) => !branch.some((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value')),
    );
    const meant = branches.length === 1 ? branches[0] : undefined;
    if (meant && !meant.some((inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0)) {
      return meant.flatMap((inner) => describeIssue(inner, path, schema, data));
    }
  }
  return [{ path, message: issueMessage(issue), atKey: false }];
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? '' : ` (got ${preview(input)})`;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      if (input === null) return 'needs a value';
      const expected = {
        int: 'a whole number',
        number: 'a number',
        string: 'a string',
        boolean: 'true or false',
        array: 'a list',
        object: 'a mapping',
      }[issue.expected as string];
      return `must be ${expected ?? issue.expected}${got}`;
    }
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array') return `is too long (at most ${issue.maximum})`;
      return `must be at most ${issue.maximum}${got}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    case 'invalid_format':
      // Custom messages (a regex with a hint) say what to do; zod's defaults get the value.
      return `${issue.message.startsWith('Invalid') ? issue.message.toLowerCase().replace(/^invalid/, 'must be a valid') : issue.message}${got}`;
    case 'custom':
      // A refinement of a whole mapping reports the mapping as its input: not worth showing.
      return typeof input === 'object' && input !== null ? issue.message : `${issue.message}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a value for a message. */
function preview(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The keys the schema allows in the mapping at `path` (guided by the data through unions). */
function knownKeysAt(root: z.core.$ZodType, data: unknown, path: YamlPath): string[] {
  let schema: z.core.$ZodType | undefined = root;
  let value: unknown = data;
  for (const part of path) {
    schema = childSchema(objectOrElement(schema, value), part);
    if (!schema) return [];
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[String(part)] : undefined;
  }
  const inner = objectOrElement(schema, value);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/** The schema with wrappers removed and, for a union, the object branch the value fits best. */
function objectOrElement(schema: z.core.$ZodType, value: unknown): z.core.$ZodType {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodUnion)) return inner;
  const objects = (inner.options as z.core.$ZodType[]).map(unwrap).filter((option): option is z.ZodObject => option instanceof z.ZodObject);
  if (!isRecord(value)) return objects[0] ?? inner;
  const score = (option: z.ZodObject) => {
    let points = 0;
    for (const [key, field] of Object.entries(option.shape as Record<string, z.core.$ZodType>)) {
      if (!(key in value)) continue;
      points += 1;
      const literal = unwrap(field);
      if (literal instanceof z.ZodLiteral) points += literal.values.has(value[key] as never) ? 10 : -10;
    }
    return points;
  };
  return (
    objects.reduce<z.ZodObject | undefined>((best, option) => (!best || score(option) > score(best) ? option : best), undefined) ?? inner
  );
}

function childSchema(schema: z.core.$ZodType, part: string | number): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodObject) {
    const field = (schema.shape as Record<string, z.core.$ZodType>)[String(part)];
    return field ?? (schema.def.catchall as z.core.$ZodType | undefined);
  }
  if (schema instanceof z.ZodArray) return schema.element as z.core.$ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.core.$ZodType;
  return undefined;
}

/** The schema inside optional, nullable, default, catch and pipe wrappers (through zod's public `def`). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (!(current instanceof z.ZodType)) return current;
    const def = current.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    const next = def.innerType ?? def.in;
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The known key closest to `key`, if it is close enough to be a likely typo. */
export function suggest(key: string, known: readonly string[]): string | null {
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

/** Errors found at the end of input (an unclosed quote) are shown on the last line with content. */
function clampToContent(text: string, offset: number): number {
  const lastContent = text.trimEnd().length - 1;
  return lastContent >= 0 && offset > lastContent ? lastContent : offset;
}

/**
 * The source offset that best matches a path in the document: the value (or the key, for
 * unknown keys) when it exists, else the key of the deepest existing ancestor.
 */
function offsetOf(root: unknown, path: YamlPath, atKey: boolean): number | undefined {
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
