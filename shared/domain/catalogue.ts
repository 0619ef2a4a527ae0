/**
 * The service catalogue: what specialist teams (DBAs, network engineers) offer to product
 * teams, written as code (one YAML file per team, see catalogue/*.yaml). An offering is
 * either expertise (a request in the team's ticketing queue) or self-service (a pipeline
 * the requester runs, after approval when the action is risky).
 *
 * Two layers of schemas: the FILE schemas (strict, with defaults and "4h"-style durations)
 * that the loader parses YAML with, and the MODEL (`Catalogue`, `Offering`) the engine,
 * contract and renderer share. `checkOffering` holds the rules a schema cannot express
 * (templates that name form fields, widgets that fit their field, ...).
 */
import { z } from 'zod';
import { parseTemplate, renderTemplate, type TemplateContext } from './catalogue-template';
import { checkString, compilePattern, exampleOf, fieldLabel } from './catalogue-form';
import { AppliesTo, checkAppliesTo, checkFromIncident, FromIncident } from './catalogue-incident';
import { DEFAULT_REQUEST_ID_INPUT, type PipelineRef } from './pipeline';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Ids of teams and offerings: kebab-case, unique across all catalogue files. */
const CatalogueId = z
  .string()
  .regex(KEBAB, 'use kebab-case: lower-case letters and digits joined by single hyphens, e.g. "restore-database-backup"');

/** A form field's name, usable in templates as {{form.<name>}}. */
const FieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'use letters, digits and underscores, starting with a letter, e.g. "backup_id"');

export const OfferingKind = z.enum(['expertise', 'self-service']);
export type OfferingKind = z.infer<typeof OfferingKind>;

export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;

// ---------------------------------------------------------------------------------------
// Durations

const UNIT_MS = { w: 7 * 24 * 3_600_000, d: 24 * 3_600_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const SHORT_DURATION = /^(?:\d+(?:\.\d+)?\s*[wdhms]\s*)+$/;
const SHORT_TOKEN = /(\d+(?:\.\d+)?)\s*([wdhms])/g;
const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * A duration in ms from "4h", "2d", "1d 12h", "30m" (w d h m s), or ISO 8601 "PT4H",
 * "P2D", "P1DT12H"; null when the text is neither or is zero. Years and months are
 * refused (their length varies). Calendar time: no business hours.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  let ms = 0;
  if (SHORT_DURATION.test(trimmed)) {
    for (const [, amount, unit] of trimmed.matchAll(SHORT_TOKEN)) ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  } else {
    const iso = ISO_DURATION.exec(trimmed.toUpperCase());
    if (!iso || trimmed.toUpperCase() === 'P' || trimmed.toUpperCase().endsWith('T')) return null;
    const [, w, d, h, m, s] = iso.map((part) => Number(part ?? 0));
    ms = (w ?? 0) * UNIT_MS.w + (d ?? 0) * UNIT_MS.d + (h ?? 0) * UNIT_MS.h + (m ?? 0) * UNIT_MS.m + (s ?? 0) * UNIT_MS.s;
  }
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : null;
}

const DurationText = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms !== null) return ms;
  ctx.addIssue({ code: 'custom', message: 'use a duration such as "30m", "4h", "2d", "1d 12h" or ISO 8601 "PT4H"', input: text });
  return z.NEVER;
});

/** Response and resolution targets, in ms of calendar time. */
export const Sla = z.object({
  /** Until someone first acts on the request (claims it; approves or rejects a run). */
  responseMs: z.number().int().positive(),
  /** Until the request is done (resolved; the run succeeded). */
  resolutionMs: z.number().int().positive(),
});
export type Sla = z.infer<typeof Sla>;

const SlaFile = z
  .strictObject({ response: DurationText, resolution: DurationText })
  .superRefine((sla, ctx) => {
    if (sla.response > sla.resolution)
      ctx.addIssue({ code: 'custom', path: ['response'], message: 'the response target must not be longer than the resolution target' });
  })
  .transform(({ response, resolution }): Sla => ({ responseMs: response, resolutionMs: resolution }));

// ---------------------------------------------------------------------------------------
// The request form: the JSON Schema subset react-jsonschema-form renders, plus UI hints.

const fieldText = {
  title: z.string().trim().min(1).optional(),
  description: z.string().optional(),
};

/** A choice with a label: JSON Schema's `oneOf: [{const, title}]`, which forms show as the title. */
const LabelledChoice = z.strictObject({ const: z.string(), title: z.string().trim().min(1) });

const StringConstraints = {
  enum: z.array(z.string()).min(1).optional(),
  oneOf: z.array(LabelledChoice).min(1).optional(),
  format: z.enum(['date-time', 'email'], { error: 'format must be "date-time" or "email"' }).optional(),
  /** An ECMAScript regular expression, as JSON Schema patterns are. */
  pattern: z.string().min(1).optional(),
  /**
   * What a value must be, in words, after the field's label: "must be \"latest\" or a date
   * like 20261206-0400". Shown instead of the pattern when a value does not match it.
   */
  patternMessage: z.string().trim().min(1).max(200).optional(),
  /** Values that fit the field (JSON Schema's `examples`): the first is shown as "e.g. ..." when a value does not fit. */
  examples: z.array(z.string()).min(1).optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).optional(),
};

const StringField = z.strictObject({ type: z.literal('string'), ...fieldText, ...StringConstraints, default: z.string().optional() });
const IntegerField = z.strictObject({
  type: z.literal('integer'),
  ...fieldText,
  minimum: z.number().int().optional(),
  maximum: z.number().int().optional(),
  default: z.number().int().optional(),
});
const NumberField = z.strictObject({
  type: z.literal('number'),
  ...fieldText,
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  default: z.number().optional(),
});
const BooleanField = z.strictObject({ type: z.literal('boolean'), ...fieldText, default: z.boolean().optional() });
const StringListField = z.strictObject({
  type: z.literal('array'),
  ...fieldText,
  items: z.strictObject({
    type: z.literal('string', { error: 'lists hold strings only: items.type must be "string"' }),
    ...StringConstraints,
  }),
  minItems: z.number().int().min(0).optional(),
  maxItems: z.number().int().min(1).optional(),
  uniqueItems: z.boolean().optional(),
  default: z.array(z.string()).optional(),
});

export const FormField = z.discriminatedUnion('type', [StringField, IntegerField, NumberField, BooleanField, StringListField], {
  error: 'must be "string", "integer", "number", "boolean" or "array" (of strings)',
});
export type FormField = z.infer<typeof FormField>;

const JSON_SCHEMA_DIALECTS = ['http://json-schema.org/draft-07/schema#', 'https://json-schema.org/draft/2020-12/schema'] as const;

/** A request form: a JSON Schema object with flat properties (the subset the console renders). */
export const FormSchema = z
  .strictObject({
    $schema: z.enum(JSON_SCHEMA_DIALECTS).optional(),
    title: z.string().trim().min(1).optional(),
    description: z.string().optional(),
    type: z.literal('object'),
    properties: z.record(FieldName, FormField),
    required: z.array(z.string()).default([]),
  })
  .refine((form) => Object.keys(form.properties).length > 0, { message: 'a form needs at least one field', path: ['properties'] });
export type FormSchema = z.infer<typeof FormSchema>;

const WIDGETS = ['textarea', 'select', 'radio', 'checkboxes'] as const;

/** react-jsonschema-form hints for one field. */
const FieldUiHints = z.strictObject({
  'ui:widget': z.enum(WIDGETS, { error: `ui:widget must be one of: ${WIDGETS.join(', ')}` }).optional(),
  'ui:placeholder': z.string().optional(),
  'ui:help': z.string().optional(),
  'ui:autofocus': z.boolean().optional(),
});
type FieldUiHints = z.infer<typeof FieldUiHints>;

/** Field name -> hints, and `ui:order` (field names, "*" for the rest). */
export const UiSchema = z.object({ 'ui:order': z.array(z.string()).optional() }).catchall(FieldUiHints);
export type UiSchema = z.infer<typeof UiSchema>;

// ---------------------------------------------------------------------------------------
// Approval and pipelines

/** `none`, any one member of a group, or every one of the named people. */
export const ApprovalPolicy = z.union(
  [
    z.literal('none'),
    z.strictObject({ anyOf: z.strictObject({ group: z.string().trim().min(1) }) }),
    z.strictObject({ allOf: z.strictObject({ people: z.array(z.email()).min(1) }) }),
  ],
  { error: 'must be "none", {anyOf: {group: <group name>}} or {allOf: {people: [<email>, ...]}}' },
);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** A parameter value: a template (numbers and booleans are taken as their text). */
const TemplateText = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be text (a template such as "{{form.database}}")' })
  .transform(String);
const ParameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter or "_"');

const GitHubActionsPipeline = z.strictObject({
  kind: z.literal('github-actions'),
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'use owner/name, e.g. "acme/db-ops"'),
  /** The workflow file in .github/workflows; it must have a workflow_dispatch trigger. */
  workflow: z.string().regex(/^[\w.-]+\.ya?ml$/, 'use the workflow file name in .github/workflows, e.g. "restore-backup.yml"'),
  ref: z.string().trim().min(1).default('main'),
  /** The input that carries the console's request id (default console_request_id); the console fills it in. */
  requestIdInput: ParameterName.optional(),
  /** workflow_dispatch input name -> template. */
  inputs: z.record(ParameterName, TemplateText).default({}),
});

const GitLabPipeline = z.strictObject({
  kind: z.literal('gitlab'),
  /** "group/subgroup/project" or the numeric project id. */
  project: z.string().regex(/^(?:\d+|[\w.-]+(?:\/[\w.-]+)+)$/, 'use the project path ("group/project") or its numeric id'),
  ref: z.string().trim().min(1).default('main'),
  /** The variable that carries the console's request id (default CONSOLE_REQUEST_ID); the console fills it in. */
  requestIdInput: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and "_", e.g. "CONSOLE_REQUEST_ID"')
    .optional(),
  /** CI/CD variable key -> template. */
  variables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and "_", e.g. "TARGET_HOST"'), TemplateText)
    .default({}),
});

const JenkinsPipeline = z.strictObject({
  kind: z.literal('jenkins'),
  /** The job name; folders joined with "/", e.g. "network/dns-change". */
  job: z.string().regex(/^[\w.-]+(?:\/[\w.-]+)*$/, 'use the job name, with folders joined by "/", e.g. "network/dns-change"'),
  /** The parameter that carries the console's request id (default console_request_id); the console fills it in. */
  requestIdInput: ParameterName.optional(),
  /** buildWithParameters parameter -> template. */
  parameters: z.record(ParameterName, TemplateText).default({}),
});

export const PipelineSpec = z.discriminatedUnion('kind', [GitHubActionsPipeline, GitLabPipeline, JenkinsPipeline], {
  error: 'must be "github-actions", "gitlab" or "jenkins"',
});
export type PipelineSpec = z.infer<typeof PipelineSpec>;

/** The pipeline's parameter map and the key it lives under in the file. */
export function pipelineParameters(pipeline: PipelineSpec): { key: 'inputs' | 'variables' | 'parameters'; values: Record<string, string> } {
  switch (pipeline.kind) {
    case 'github-actions':
      return { key: 'inputs', values: pipeline.inputs };
    case 'gitlab':
      return { key: 'variables', values: pipeline.variables };
    case 'jenkins':
      return { key: 'parameters', values: pipeline.parameters };
  }
}

/** The pipeline's inputs (variables, parameters) for one request, templates filled in. */
export function renderPipelineParameters(pipeline: PipelineSpec, context: TemplateContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pipelineParameters(pipeline).values).map(([name, template]) => [name, renderTemplate(template, context)]),
  );
}

/** Where the pipeline runs, as the pipeline providers take it. */
export function pipelineRefOf(pipeline: PipelineSpec): PipelineRef {
  const requestIdInput = pipeline.requestIdInput === undefined ? {} : { requestIdInput: pipeline.requestIdInput };
  switch (pipeline.kind) {
    case 'github-actions': {
      const [owner = '', repo = ''] = pipeline.repository.split('/');
      return { kind: 'github-actions', owner, repo, workflow: pipeline.workflow, ref: pipeline.ref, ...requestIdInput };
    }
    case 'gitlab':
      return { kind: 'gitlab', project: pipeline.project, ref: pipeline.ref, ...requestIdInput };
    case 'jenkins':
      return { kind: 'jenkins', job: pipeline.job, ...requestIdInput };
  }
}

/** The input, variable or parameter the console fills in with the request id. */
export function requestIdParameterOf(pipeline: PipelineSpec): string {
  return pipeline.requestIdInput ?? DEFAULT_REQUEST_ID_INPUT[pipeline.kind];
}

// ---------------------------------------------------------------------------------------
// Rollback

/** Any service: `services: ["*"]`. */
export const ANY_SERVICE_ROLLBACK = '*';

/**
 * A self-service offering that rolls services back: the services it can roll back (named
 * as the paging platform names them, or ["*"] for any), and the form fields that take the
 * service and the version to go back to. The incident's "what changed" offers it, its form
 * filled with the service and its previous production version (shared/rules/rollback-offering.ts).
 */
const RollbackSpec = z.strictObject({
  services: z.array(z.string().trim().min(1, 'a service name is empty')).min(1),
  /** The form field that takes the service's name. */
  serviceField: FieldName,
  /** The form field that takes the version to roll back to. */
  versionField: FieldName,
});

// ---------------------------------------------------------------------------------------
// Teams and offerings

/** A specialist team: where its requests go, and whom to page for an urgent ask. */
export const CatalogueTeam = z.strictObject({
  id: CatalogueId,
  name: z.string().trim().min(1),
  description: z.string().trim().min(1).optional(),
  /** The ticketing assignment group (its name or the system's id) that receives requests. */
  assignmentGroup: z.string().trim().min(1),
  /** The paging escalation policy (name or id) for urgent asks; null: urgent asks are not paged. */
  escalationPolicy: z.string().trim().min(1).nullable().default(null),
});
export type CatalogueTeam = z.infer<typeof CatalogueTeam>;

/** An offering as written in a catalogue file. */
export const OfferingFile = z.strictObject({
  id: CatalogueId,
  title: z.string().trim().min(1).max(120),
  /** Markdown, for the people asking. */
  description: z.string().trim().min(1),
  /** The owning team's id; defaults to the file's team. */
  team: CatalogueId.optional(),
  kind: OfferingKind,
  /** Extra words search should find it by. */
  keywords: z.array(z.string().trim().min(1)).default([]),
  form: FormSchema,
  uiSchema: UiSchema.default({}),
  sla: SlaFile,
  risk: RiskLevel,
  approval: ApprovalPolicy.default('none'),
  pipeline: PipelineSpec.optional(),
  /** The paging services whose incidents it fits ("Ask a specialist" from an incident), or "any-service". */
  appliesTo: AppliesTo.optional(),
  /** Form fields pre-filled from the incident it is raised from (see catalogue-incident.ts). */
  fromIncident: FromIncident.optional(),
  /** The form field that says where it acts (production, staging, ...): approvers see it first. */
  environmentField: FieldName.optional(),
  /** Self-service only: it rolls these services back (see RollbackSpec). */
  rollback: RollbackSpec.optional(),
});
export type OfferingFile = z.infer<typeof OfferingFile>;

/** One catalogue file: a team and what it offers. */
export const CatalogueFile = z.strictObject({
  team: CatalogueTeam,
  offerings: z.array(OfferingFile).min(1),
});
export type CatalogueFile = z.infer<typeof CatalogueFile>;

/** An offering as the console uses it. */
export const Offering = z.object({
  id: CatalogueId,
  title: z.string(),
  description: z.string(),
  teamId: CatalogueId,
  kind: OfferingKind,
  keywords: z.array(z.string()),
  form: FormSchema,
  uiSchema: UiSchema,
  sla: Sla,
  risk: RiskLevel,
  approval: ApprovalPolicy,
  /** Set for self-service offerings, null for expertise. */
  pipeline: PipelineSpec.nullable(),
  appliesTo: AppliesTo.optional(),
  fromIncident: FromIncident.optional(),
  environmentField: FieldName.optional(),
  rollback: RollbackSpec.optional(),
  /** Where it is defined, for messages ("see catalogue/dba.yaml:40"). */
  source: z.object({ file: z.string(), line: z.number().int().nullable() }),
});
export type Offering = z.infer<typeof Offering>;

export const Catalogue = z.object({
  teams: z.array(CatalogueTeam),
  offerings: z.array(Offering),
});
export type Catalogue = z.infer<typeof Catalogue>;

/** The team that owns an offering (the loader guarantees it exists). */
export function teamOf(catalogue: Catalogue, offering: Pick<Offering, 'teamId'>): CatalogueTeam {
  const team = catalogue.teams.find((candidate) => candidate.id === offering.teamId);
  if (!team) throw new Error(`No catalogue team "${offering.teamId}"`);
  return team;
}

/** True when runs of the offering wait for someone's approval. */
export function needsApproval(offering: Pick<Offering, 'approval'>): boolean {
  return offering.approval !== 'none';
}

// ---------------------------------------------------------------------------------------
// Rules beyond the schema

/** A problem in one offering, by its path inside the offering. */
export interface CatalogueIssue {
  path: (string | number)[];
  message: string;
  /** Point at the key (a name that should not be there) rather than its value. */
  atKey?: boolean;
}

/** What the schema cannot say: consistency between kind, form, UI hints, approval and pipeline. */
export function checkOffering(offering: OfferingFile): CatalogueIssue[] {
  return [
    ...checkKind(offering),
    ...checkForm(offering.form),
    ...checkUiSchema(offering.form, offering.uiSchema),
    ...checkPatternHelp(offering.form, offering.uiSchema),
    ...checkApproval(offering.approval),
    ...checkPipeline(offering),
    ...checkAppliesTo(offering.appliesTo),
    ...checkFromIncident(offering.form, offering.fromIncident),
    ...checkEnvironmentField(offering),
    ...checkRollback(offering),
  ];
}

function checkKind(offering: OfferingFile): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  if (offering.kind === 'self-service' && !offering.pipeline) {
    issues.push({ path: ['kind'], message: 'a self-service offering needs a `pipeline` to run (kind github-actions, gitlab or jenkins)' });
  }
  if (offering.kind === 'expertise' && offering.pipeline) {
    issues.push({
      path: ['pipeline'],
      message: "an expertise offering has no pipeline (its requests go to the team's queue); use kind: self-service to run one",
      atKey: true,
    });
  }
  if (offering.kind === 'expertise' && offering.approval !== 'none') {
    issues.push({
      path: ['approval'],
      message: "approval applies to self-service runs; an expertise request goes straight to the team's queue (use approval: none)",
    });
  }
  return issues;
}

function fieldList(form: FormSchema): string {
  return Object.keys(form.properties).join(', ');
}

function checkForm(form: FormSchema): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  for (const [index, name] of form.required.entries()) {
    if (!Object.hasOwn(form.properties, name)) {
      issues.push({ path: ['form', 'required', index], message: `"${name}" is not a field of the form (fields: ${fieldList(form)})` });
    }
  }
  if (new Set(form.required).size !== form.required.length) issues.push({ path: ['form', 'required'], message: 'lists a field twice' });
  for (const [name, field] of Object.entries(form.properties)) {
    const at = (...rest: (string | number)[]) => ['form', 'properties', name, ...rest];
    if (field.type === 'string') issues.push(...checkStringConstraints(field, at));
    if (field.type === 'array') {
      issues.push(...checkStringConstraints(field.items, (...rest) => at('items', ...rest)));
      if (field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) {
        issues.push({ path: at('minItems'), message: `must not be more than maxItems (${field.maxItems})` });
      }
      const allowed = fieldChoices(field.items);
      for (const [index, value] of (field.default ?? []).entries()) {
        if (allowed && !allowed.includes(value))
          issues.push({ path: at('default', index), message: `"${value}" is not one of the item choices (${allowed.join(', ')})` });
      }
    }
    if (
      (field.type === 'integer' || field.type === 'number') &&
      field.minimum !== undefined &&
      field.maximum !== undefined &&
      field.minimum > field.maximum
    ) {
      issues.push({ path: at('minimum'), message: `must not be more than maximum (${field.maximum})` });
    }
    if ((field.type === 'integer' || field.type === 'number') && field.default !== undefined) {
      if (
        (field.minimum !== undefined && field.default < field.minimum) ||
        (field.maximum !== undefined && field.default > field.maximum)
      ) {
        issues.push({ path: at('default'), message: `is outside minimum..maximum (${field.minimum ?? '-∞'}..${field.maximum ?? '∞'})` });
      }
    }
    const choices = field.type === 'string' ? fieldChoices(field) : null;
    if (field.type === 'string' && field.default !== undefined && choices && !choices.includes(field.default)) {
      issues.push({ path: at('default'), message: `"${field.default}" is not one of the choices (${choices.join(', ')})` });
    }
  }
  return issues;
}

/** The values a string field (or list item) may take, when it is a choice; null for free text. */
export function fieldChoices(field: { enum?: string[] | undefined; oneOf?: { const: string }[] | undefined }): string[] | null {
  return field.enum ?? field.oneOf?.map((choice) => choice.const) ?? null;
}

type StringConstraintsOf = z.infer<z.ZodObject<typeof StringConstraints>>;

function checkStringConstraints(field: StringConstraintsOf, at: (...rest: (string | number)[]) => (string | number)[]): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  let patternOk = field.pattern === undefined;
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
      patternOk = true;
    } catch (error) {
      issues.push({ path: at('pattern'), message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  }
  if (field.patternMessage !== undefined && field.pattern === undefined) {
    issues.push({
      path: at('patternMessage'),
      message: 'describes a pattern, and the field has none: add `pattern` or remove it',
      atKey: true,
    });
  }
  if (field.patternMessage !== undefined && /^[A-Z]/.test(field.patternMessage) && !/^[A-Z]{2}/.test(field.patternMessage)) {
    issues.push({
      path: at('patternMessage'),
      message: 'follows the field\'s label ("Backup id must be ..."): start it in lower case, e.g. "must be a date like 20261206-0400"',
    });
  }
  if (patternOk) {
    for (const [index, example] of (field.examples ?? []).entries()) {
      const { patternMessage: _message, examples: _examples, ...rules } = field;
      const problem = checkString(example, rules);
      if (problem)
        issues.push({
          path: at('examples', index),
          message: `"${example}" is not a value the field accepts (it ${problem.replace('does not have the expected form', "does not fit the field's pattern")}): people are shown it as an example`,
        });
    }
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    issues.push({ path: at('minLength'), message: `must not be more than maxLength (${field.maxLength})` });
  }
  if (field.enum && new Set(field.enum).size !== field.enum.length) issues.push({ path: at('enum'), message: 'lists a value twice' });
  if (field.enum && field.oneOf)
    issues.push({ path: at('oneOf'), message: 'use either enum (plain values) or oneOf (values with titles), not both', atKey: true });
  const consts = field.oneOf?.map((choice) => choice.const) ?? [];
  if (new Set(consts).size !== consts.length) issues.push({ path: at('oneOf'), message: 'lists a value (const) twice' });
  return issues;
}

function checkUiSchema(form: FormSchema, uiSchema: UiSchema): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  for (const [key, hints] of Object.entries(uiSchema)) {
    if (key === 'ui:order') continue;
    const field = form.properties[key];
    if (!field) {
      issues.push({ path: ['uiSchema', key], message: `"${key}" is not a field of the form (fields: ${fieldList(form)})`, atKey: true });
      continue;
    }
    const widget = (hints as FieldUiHints)['ui:widget'];
    const problem = widget ? widgetMismatch(widget, field) : null;
    if (problem) issues.push({ path: ['uiSchema', key, 'ui:widget'], message: problem });
  }
  const order = uiSchema['ui:order'] ?? [];
  for (const [index, name] of order.entries()) {
    if (name !== '*' && !Object.hasOwn(form.properties, name)) {
      issues.push({ path: ['uiSchema', 'ui:order', index], message: `"${name}" is not a field of the form (fields: ${fieldList(form)})` });
    }
  }
  const listed = new Set(order);
  if (order.length > 0 && !listed.has('*')) {
    const missing = Object.keys(form.properties).filter((name) => !listed.has(name));
    if (missing.length > 0)
      issues.push({
        path: ['uiSchema', 'ui:order'],
        message: `leaves out ${missing.join(', ')} (list every field, or add "*" for the rest)`,
      });
  }
  return issues;
}

function widgetMismatch(widget: (typeof WIDGETS)[number], field: FormField): string | null {
  switch (widget) {
    case 'textarea':
      return field.type === 'string' && !fieldChoices(field) ? null : 'textarea fits a free-text string field';
    case 'select':
    case 'radio':
      if (field.type === 'boolean' || (field.type === 'string' && fieldChoices(field))) return null;
      return `${widget} fits a string field with choices (enum or oneOf), or a boolean`;
    case 'checkboxes':
      return field.type === 'array' && fieldChoices(field.items)
        ? null
        : 'checkboxes fits a list field whose items have choices (enum or oneOf)';
  }
}

/**
 * A field with a pattern says what it wants in words: a `patternMessage`, or an example
 * (`examples`, or a `ui:placeholder` the form shows as "e.g. ..."), which must fit the
 * pattern. People are never shown the regular expression.
 */
function checkPatternHelp(form: FormSchema, uiSchema: UiSchema): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  for (const [name, field] of Object.entries(form.properties)) {
    const rules = field.type === 'string' ? field : field.type === 'array' ? field.items : null;
    if (!rules?.pattern) continue;
    const pattern = compilePattern(rules.pattern);
    if (!pattern) continue;
    const hints = uiSchema[name] as FieldUiHints | undefined;
    const placeholder = field.type === 'string' ? hints?.['ui:placeholder'] : undefined;
    if (placeholder !== undefined && placeholder.trim() !== '' && !pattern.test(placeholder.trim())) {
      issues.push({
        path: ['uiSchema', name, 'ui:placeholder'],
        message: `"${placeholder}" does not fit the field's pattern, and the form shows it as an example: use a value that fits`,
      });
    }
    if (!rules.patternMessage && exampleOf(rules, placeholder) === null) {
      const where = field.type === 'array' ? ['form', 'properties', name, 'items', 'pattern'] : ['form', 'properties', name, 'pattern'];
      issues.push({
        path: where,
        message: `say what ${fieldLabel(name, field)} must be in words: add patternMessage (e.g. "must be a date like 20261206-0400") or examples, so people are not shown the pattern`,
        atKey: true,
      });
    }
  }
  return issues;
}

/** environmentField names a text field of the form. */
function checkEnvironmentField(offering: OfferingFile): CatalogueIssue[] {
  const name = offering.environmentField;
  if (name === undefined) return [];
  const field = offering.form.properties[name];
  if (!field)
    return [{ path: ['environmentField'], message: `"${name}" is not a field of the form (fields: ${fieldList(offering.form)})` }];
  if (field.type !== 'string')
    return [
      {
        path: ['environmentField'],
        message: `"${name}" is a ${field.type === 'array' ? 'list' : field.type}: the environment is a text or choice field`,
      },
    ];
  return [];
}

function checkApproval(approval: ApprovalPolicy): CatalogueIssue[] {
  if (approval === 'none' || !('allOf' in approval)) return [];
  const seen = new Set<string>();
  const issues: CatalogueIssue[] = [];
  for (const [index, person] of approval.allOf.people.entries()) {
    const key = person.toLowerCase();
    if (seen.has(key)) issues.push({ path: ['approval', 'allOf', 'people', index], message: `${person} is listed twice` });
    seen.add(key);
  }
  return issues;
}

function checkPipeline(offering: OfferingFile): CatalogueIssue[] {
  if (!offering.pipeline) return [];
  const { key, values } = pipelineParameters(offering.pipeline);
  const issues: CatalogueIssue[] = [];
  const requestIdParameter = requestIdParameterOf(offering.pipeline);
  for (const [name, template] of Object.entries(values)) {
    const path = ['pipeline', key, name];
    if (name === requestIdParameter) {
      issues.push({ path, message: `${name} carries the request id and is filled in by the console: remove it from ${key}`, atKey: true });
      continue;
    }
    const parsed = parseTemplate(template);
    if (!parsed.ok) {
      issues.push({ path, message: parsed.problem });
      continue;
    }
    for (const part of parsed.parts) {
      if (part.type === 'form' && !Object.hasOwn(offering.form.properties, part.field)) {
        issues.push({
          path,
          message: `refers to form field "${part.field}" which the form does not define (fields: ${fieldList(offering.form)})`,
        });
      }
    }
  }
  return issues;
}

/**
 * rollback: on a self-service offering; its services named once each, or "*" alone; its
 * service and version fields are text (or choice) fields of the form, two different ones.
 */
function checkRollback(offering: OfferingFile): CatalogueIssue[] {
  const { rollback } = offering;
  if (rollback === undefined) return [];
  const issues: CatalogueIssue[] = [];
  if (offering.kind !== 'self-service')
    issues.push({
      path: ['rollback'],
      message: 'only a self-service offering rolls back (it runs a pipeline); use kind: self-service with a pipeline, or remove rollback',
      atKey: true,
    });
  const seen = new Set<string>();
  for (const [index, service] of rollback.services.entries()) {
    const key = service.trim().toLowerCase();
    if (service.trim() === ANY_SERVICE_ROLLBACK && rollback.services.length > 1)
      issues.push({
        path: ['rollback', 'services', index],
        message: '"*" stands for every service: write it alone, or list the services by name',
      });
    else if (seen.has(key)) issues.push({ path: ['rollback', 'services', index], message: `"${service}" is listed twice` });
    seen.add(key);
  }
  for (const key of ['serviceField', 'versionField'] as const) {
    const name = rollback[key];
    const field = offering.form.properties[name];
    const what = key === 'serviceField' ? "the service's name" : 'the version to roll back to';
    if (!field)
      issues.push({ path: ['rollback', key], message: `"${name}" is not a field of the form (fields: ${fieldList(offering.form)})` });
    else if (field.type !== 'string')
      issues.push({
        path: ['rollback', key],
        message: `"${name}" is ${field.type === 'array' ? 'a list' : `a ${field.type}`}: ${what} goes in a text or choice field`,
      });
  }
  // A choice field takes only its choices: each service rolled back must be one, or its form could not be filled.
  const serviceField = offering.form.properties[rollback.serviceField];
  const choices = serviceField?.type === 'string' ? fieldChoices(serviceField) : null;
  if (choices)
    for (const [index, service] of rollback.services.entries()) {
      if (service.trim() === ANY_SERVICE_ROLLBACK) continue;
      if (!choices.some((choice) => choice.trim().toLowerCase() === service.trim().toLowerCase()))
        issues.push({
          path: ['rollback', 'services', index],
          message: `"${service}" is not one of the choices of ${rollback.serviceField} (${choices.join(', ')}): add it there, or write the field as free text`,
        });
    }
  if (rollback.serviceField === rollback.versionField)
    issues.push({
      path: ['rollback', 'versionField'],
      message: 'must be another field than serviceField: the form takes the service and the version apart',
    });
  return issues;
}
