import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues, formatPath, formatProblem, parseYamlWithPositions, suggest } from '../../../electron/host/yaml-locate';

function parsed(text: string) {
  const result = parseYamlWithPositions(text);
  if (!result.ok) throw new Error(result.problems.map((p) => p.problem).join('\n'));
  return result;
}

describe('parseYamlWithPositions', () => {
  const text = 'team:\n  id: dba\noffers:\n  - id: a\n    tags: [x, y]\n  - id: b\n';

  it('locates values, keys, list items and the nearest existing ancestor', () => {
    const { data, locate } = parsed(text);
    expect(data).toEqual({ team: { id: 'dba' }, offers: [{ id: 'a', tags: ['x', 'y'] }, { id: 'b' }] });
    expect(locate(['team', 'id'])).toEqual({ line: 2, column: 7 });
    expect(locate(['team', 'id'], true)).toEqual({ line: 2, column: 3 });
    expect(locate(['offers', 0, 'tags', 1])).toEqual({ line: 5, column: 15 });
    expect(locate(['offers', 1, 'title'])).toEqual({ line: 6, column: 5 });
    expect(locate(['offers', 7])).toEqual({ line: 3, column: 1 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
  });

  it('reports syntax errors and duplicate keys with their line', () => {
    const broken = parseYamlWithPositions('a: 1\na: 2\n');
    expect(broken.ok).toBe(false);
    expect(broken.ok ? [] : broken.problems).toEqual([
      expect.objectContaining({ line: 2, column: 1, problem: expect.stringMatching(/^invalid YAML: .*unique/) }),
    ]);
  });

  it('gives undefined data for an empty document', () => {
    expect(parsed('# nothing\n').data).toBeNull();
  });
});

describe('describeZodIssues', () => {
  const Pipeline = z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('github-actions'), repository: z.string(), workflow: z.string() }),
      z.strictObject({ kind: z.literal('jenkins'), job: z.string() }),
    ],
    { error: 'must be "github-actions" or "jenkins"' },
  );
  const Approval = z.union([z.literal('none'), z.strictObject({ anyOf: z.strictObject({ group: z.string().min(1) }) })], {
    error: 'must be "none" or {anyOf: {group}}',
  });
  const Schema = z.strictObject({
    pipeline: Pipeline.optional(),
    approval: Approval.optional(),
    hints: z
      .object({ 'ui:order': z.array(z.string()).optional() })
      .catchall(z.strictObject({ 'ui:widget': z.string() }))
      .optional(),
    sla: z
      .strictObject({ response: z.string() })
      .refine(() => false, { message: 'never good', path: ['response'] })
      .optional(),
  });
  const describe_ = (data: unknown) => {
    const result = Schema.safeParse(data, { reportInput: true });
    return result.success
      ? []
      : describeZodIssues(result.error.issues, Schema, data).map((i) => `${formatPath(i.path)}${i.atKey ? ' (key)' : ''}: ${i.message}`);
  };

  it('suggests keys of the union branch the data is for', () => {
    expect(describe_({ pipeline: { kind: 'jenkins', jobb: 'x' } })).toEqual([
      'pipeline.job: is required',
      'pipeline.jobb (key): unknown key "jobb" (did you mean "job"?)',
    ]);
    expect(describe_({ pipeline: { kind: 'github-actions', repository: 'a/b', workflow: 'w.yml', ref: 'main' } })).toEqual([
      'pipeline.ref (key): unknown key "ref" (expected one of: kind, repository, workflow)',
    ]);
  });

  it("shows the discriminator's value, or that it is missing", () => {
    expect(describe_({ pipeline: { kind: 'circleci' } })).toEqual([
      'pipeline.kind: must be "github-actions" or "jenkins" (got "circleci")',
    ]);
    expect(describe_({ pipeline: { job: 'x' } })).toEqual(['pipeline.kind: is required: must be "github-actions" or "jenkins"']);
  });

  it("follows the one union branch a mapping was meant for, else uses the union's message", () => {
    expect(describe_({ approval: { anyOf: { group: '' } } })).toEqual(['approval.anyOf.group: must not be empty']);
    expect(describe_({ approval: 'some' })).toEqual(['approval: must be "none" or {anyOf: {group}} (got "some")']);
    expect(describe_({ approval: { oneOf: {} } })).toEqual(['approval: must be "none" or {anyOf: {group}} (got a mapping)']);
  });

  it('checks catch-all entries with their own keys', () => {
    expect(describe_({ hints: { port: { 'ui:widgit': 'x' } } })).toEqual([
      'hints.port.ui:widget: is required',
      'hints.port.ui:widgit (key): unknown key "ui:widgit" (did you mean "ui:widget"?)',
    ]);
  });

  it("leaves the whole mapping out of a refinement's message", () => {
    expect(describe_({ sla: { response: '1h' } })).toEqual(['sla.response: never good']);
  });
});

describe('formatting', () => {
  it('writes paths and problems as people read them', () => {
    expect(formatPath(['offerings', 2, 'uiSchema', 'ui:order', 0])).toBe('offerings[2].uiSchema.ui:order[0]');
    expect(formatPath(['labels', 'team name'])).toBe('labels["team name"]');
    expect(formatProblem('c.yaml', { line: 3, column: 9, problem: 'x' })).toBe('c.yaml:3:9: x');
    expect(formatProblem('c.yaml', { line: 3, column: null, problem: 'x' })).toBe('c.yaml:3: x');
    expect(formatProblem('c.yaml', { line: null, column: null, problem: 'x' })).toBe('c.yaml: x');
    expect(suggest('escalation_policy', ['escalationPolicy', 'assignmentGroup'])).toBe('escalationPolicy');
    expect(suggest('colour', ['name', 'team'])).toBeNull();
  });
});
