/**
 * Loads the service catalogue from its YAML files (one per specialist team) and checks
 * everything a person can get wrong in them: the file schema, each request form (compiled
 * as JSON Schema by ajv), the pipeline input templates, and ids unique across files. All
 * problems are collected, each as `file:line:column: offering "id": field: what to fix`.
 * Also validates submitted form data against an offering's form.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  type Catalogue,
  CatalogueFile,
  type CatalogueTeam,
  checkOffering,
  type FormField,
  type FormSchema,
  type Offering,
  OfferingFile,
} from '../../shared/domain/catalogue';
import { fieldLabel, validateForm } from '../../shared/domain/catalogue-form';
import {
  byPosition,
  describeZodIssues,
  formatPath,
  formatProblem,
  parseYamlWithPositions,
  type PathIssue,
  type YamlPath,
  type YamlPosition,
} from './yaml-locate';

/** One problem in one catalogue file. */
export interface CatalogueProblem extends YamlPosition {
  file: string;
  /** e.g. `offering "restore-backup": pipeline.inputs.backup_id: refers to form field "backup" ...` */
  problem: string;
}

/** A catalogue that cannot be used: one line per problem, each naming the file, line, offering and field. */
export class CatalogueError extends Error {
  constructor(readonly problems: CatalogueProblem[]) {
    super(problems.map((p) => formatProblem(p.file, p)).join('\n'));
    this.name = 'CatalogueError';
  }
}

/** A catalogue file's name and text. */
export interface CatalogueSource {
  file: string;
  text: string;
}

/** Reads, checks and merges catalogue files; throws CatalogueError listing every problem. */
export function loadCatalogue(files: readonly string[]): Catalogue {
  const sources: CatalogueSource[] = [];
  const unreadable: CatalogueProblem[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message;
      unreadable.push({ file, line: null, column: null, problem: `cannot read the catalogue file: ${why}` });
    }
  }
  return parseCatalogue(sources, unreadable);
}

interface ParsedFile {
  source: CatalogueSource;
  content: CatalogueFile;
  locate(path: YamlPath, atKey?: boolean): YamlPosition;
}

/** Checks and merges catalogue texts (loadCatalogue without the disk); throws CatalogueError. */
export function parseCatalogue(sources: readonly CatalogueSource[], earlierProblems: readonly CatalogueProblem[] = []): Catalogue {
  const problems: CatalogueProblem[] = [...earlierProblems];
  const parsed: ParsedFile[] = [];
  for (const source of sources) {
    const result = parseFile(source);
    if ('problems' in result) problems.push(...result.problems);
    else parsed.push(result);
  }
  problems.push(...crossFileProblems(parsed));
  if (problems.length > 0) throw new CatalogueError(sortByFile(problems, sources));

  const teams: CatalogueTeam[] = parsed.map(({ content }) => content.team);
  const offerings: Offering[] = parsed.flatMap(({ source, content, locate }) =>
    content.offerings.map(({ team, pipeline, ...offering }, index) => ({
      ...offering,
      teamId: team ?? content.team.id,
      pipeline: pipeline ?? null,
      source: { file: source.file, line: locate(['offerings', index]).line },
    })),
  );
  return { teams, offerings };
}

function parseFile(source: CatalogueSource): ParsedFile | { problems: CatalogueProblem[] } {
  const { file } = source;
  const yaml = parseYamlWithPositions(source.text);
  if (!yaml.ok) return { problems: yaml.problems.map((problem) => ({ file, ...problem })) };
  const { data, locate } = yaml;
  if (data === null || data === undefined) {
    return { problems: [{ file, line: 1, column: 1, problem: 'the file is empty: expected a mapping with `team` and `offerings`' }] };
  }
  const located = (issues: PathIssue[]): CatalogueProblem[] =>
    issues
      .map(({ path, message, atKey }) => ({ file, ...locate(path, atKey), problem: `${describePath(path, data)}${message}` }))
      .sort(byPosition);

  const result = CatalogueFile.safeParse(data, { reportInput: true });
  if (!result.success) {
    // Offerings that are well-formed on their own still get their deeper checks, so one run reports everything.
    const rawOfferings = (data as { offerings?: unknown }).offerings;
    const wellFormed = (Array.isArray(rawOfferings) ? rawOfferings : []).flatMap((raw, index) => {
      const offering = OfferingFile.safeParse(raw);
      return offering.success ? [offeringProblems(offering.data, index)] : [];
    });
    return { problems: located([...describeZodIssues(result.error.issues, CatalogueFile, data), ...wellFormed.flat()]) };
  }
  const issues = result.data.offerings.flatMap((offering, index) => offeringProblems(offering, index));
  if (issues.length > 0) return { problems: located(issues) };
  return { source, content: result.data, locate };
}

/** The rules beyond the schema for the offering at `index`, then ajv's verdict on its form. */
function offeringProblems(offering: OfferingFile, index: number): PathIssue[] {
  const found = checkOffering(offering).map(({ path, message, atKey }) => ({
    path: ['offerings', index, ...path],
    message,
    atKey: atKey ?? false,
  }));
  // ajv is the backstop for the form as a whole; a form with known problems would only repeat them.
  if (found.some(({ path }) => path[2] === 'form')) return found;
  return [...found, ...formSchemaProblems(offering.form).map((message) => ({ path: ['offerings', index, 'form'], message, atKey: false }))];
}

/** `offering "restore-backup": pipeline.inputs.backup_id: `, or `team.id: ` outside offerings. */
function describePath(path: YamlPath, data: unknown): string {
  if (path[0] === 'offerings' && typeof path[1] === 'number') {
    const offerings = (data as { offerings?: unknown }).offerings;
    const id = Array.isArray(offerings) ? (offerings[path[1]] as { id?: unknown } | undefined)?.id : undefined;
    const rest = path.slice(2);
    const who = typeof id === 'string' && id.trim() ? `offering "${id}"` : `offerings[${path[1]}]`;
    return rest.length ? `${who}: ${formatPath(rest)}: ` : `${who}: `;
  }
  return path.length ? `${formatPath(path)}: ` : '';
}

/** Team ids and offering ids are unique across all files; an offering's team exists. */
function crossFileProblems(files: readonly ParsedFile[]): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const where = (file: ParsedFile, path: YamlPath) => {
    const { line } = file.locate(path);
    return line === null ? file.source.file : `${file.source.file}:${line}`;
  };
  const teams = new Map<string, ParsedFile>();
  for (const file of files) {
    const id = file.content.team.id;
    const first = teams.get(id);
    if (first)
      problems.push({
        file: file.source.file,
        ...file.locate(['team', 'id']),
        problem: `team.id: team "${id}" is already defined in ${where(first, ['team', 'id'])}`,
      });
    else teams.set(id, file);
  }
  const offerings = new Map<string, { file: ParsedFile; index: number }>();
  for (const file of files) {
    for (const [index, offering] of file.content.offerings.entries()) {
      const first = offerings.get(offering.id);
      if (first) {
        problems.push({
          file: file.source.file,
          ...file.locate(['offerings', index, 'id']),
          problem: `offering "${offering.id}": id: is already used by the offering at ${where(first.file, ['offerings', first.index, 'id'])} (ids are unique across all catalogue files)`,
        });
      } else {
        offerings.set(offering.id, { file, index });
      }
      if (offering.team !== undefined && !teams.has(offering.team)) {
        problems.push({
          file: file.source.file,
          ...file.locate(['offerings', index, 'team']),
          problem: `offering "${offering.id}": team: no catalogue file defines team "${offering.team}" (teams: ${[...teams.keys()].join(', ')})`,
        });
      }
    }
  }
  return problems;
}

function sortByFile(problems: CatalogueProblem[], sources: readonly CatalogueSource[]): CatalogueProblem[] {
  const order = (file: string) => {
    const index = sources.findIndex((source) => source.file === file);
    return index === -1 ? -1 : index;
  };
  return [...problems].sort((a, b) => order(a.file) - order(b.file) || byPosition(a, b));
}

// ---------------------------------------------------------------------------------------
// JSON Schema (ajv)

// ajv-formats is CommonJS; its default export arrives wrapped under some bundlers.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

function makeAjv<T extends Ajv>(AjvClass: new (options: object) => T): T {
  const ajv = new AjvClass({ strict: true, allErrors: true });
  addFormats(ajv, ['date-time', 'email']);
  return ajv;
}

let ajvs: { draft07: Ajv; draft2020: Ajv } | null = null;

function ajvFor(form: FormSchema): Ajv {
  ajvs ??= { draft07: makeAjv(Ajv), draft2020: makeAjv(Ajv2020) };
  return form.$schema?.includes('2020-12') ? ajvs.draft2020 : ajvs.draft07;
}

/** A field as JSON Schema: the console's own keywords (patternMessage) left out, as ajv refuses keywords it does not know. */
function jsonSchemaField(field: FormField): object {
  if (field.type === 'string') {
    const { patternMessage: _message, ...rest } = field;
    return rest;
  }
  if (field.type === 'array') {
    const { patternMessage: _message, ...items } = field.items;
    return { ...field, items };
  }
  return field;
}

/** The form as a JSON Schema for data: no fields other than its own. */
function dataSchema(form: FormSchema): object {
  return {
    ...form,
    properties: Object.fromEntries(Object.entries(form.properties).map(([name, field]) => [name, jsonSchemaField(field)])),
    additionalProperties: false,
  };
}

/** What ajv finds wrong with a form as a JSON Schema (empty when it compiles). */
function formSchemaProblems(form: FormSchema): string[] {
  try {
    ajvFor(form).compile(dataSchema(form));
    return [];
  } catch (error) {
    return [`is not a usable JSON Schema: ${(error as Error).message}`];
  }
}

const validators = new WeakMap<FormSchema, ValidateFunction>();

export type FormCheck = { ok: true; data: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * Checks a submitted request form against the offering's form (a boundary check: the
 * renderer validates too, but the engine must not trust it). Problems are sentences for
 * people that name each field by its label, as the page's own check says them
 * (shared/domain/catalogue-form.ts): "Backup id must be \"latest\" or a date like ...",
 * never a pattern or a field's key. ajv is the backstop for anything that check misses.
 */
export function validateFormData(offering: Pick<Offering, 'form'> & Partial<Pick<Offering, 'uiSchema'>>, data: unknown): FormCheck {
  const problems = validateForm(offering.form, data, offering.uiSchema);
  if (problems.length > 0) return { ok: false, problems: problems.map((problem) => problem.message) };
  let validate = validators.get(offering.form);
  if (!validate) {
    validate = ajvFor(offering.form).compile(dataSchema(offering.form));
    validators.set(offering.form, validate);
  }
  if (validate(data)) return { ok: true, data: data as Record<string, unknown> };
  return { ok: false, problems: (validate.errors ?? []).map((error) => describeAjvError(error, offering.form)) };
}

/** An ajv error the console's own check did not catch, still in words: the field's label, never its pattern. */
function describeAjvError(error: ErrorObject, form: FormSchema): string {
  const name = error.instancePath.split('/').filter(Boolean)[0] ?? '';
  const label = name ? fieldLabel(name, form.properties[name]) : 'The form';
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return `${fieldLabel(missing, form.properties[missing])} is required`;
    }
    case 'additionalProperties':
      return `"${String((error.params as { additionalProperty: string }).additionalProperty)}" is not a field of this form`;
    case 'type':
      return name ? `${label} has the wrong kind of value` : 'The form data must be a set of field values';
    case 'pattern':
      return `${label} does not have the expected form`;
    default:
      return `${label} is not valid (${error.keyword})`;
  }
}
