/**
 * The pipeline port's helpers and the pipeline domain: picking a provider for a ref, the
 * request id added to the inputs, and ref validation with messages that name the field.
 */
import { describe, expect, it } from 'vitest';
import { inputsWithKey, pipelineProviderFor, type PipelineProvider } from '../../../electron/engine/ports/pipeline';
import { ProviderError } from '../../../electron/engine/ports';
import { describePipeline, PipelineRef, requestIdInputOf } from '../../../shared/domain/pipeline';

describe('pipeline port helpers', () => {
  it('adds the request id and refuses a caller input that would overwrite it', () => {
    expect(inputsWithKey({ a: '1' }, 'console_request_id', 'req-1')).toEqual({ a: '1', console_request_id: 'req-1' });
    expect(inputsWithKey({ console_request_id: 'req-1' }, 'console_request_id', 'req-1')).toEqual({ console_request_id: 'req-1' });
    expect(() => inputsWithKey({ console_request_id: 'other' }, 'console_request_id', 'req-1')).toThrow(/carries the console's request id/);
    expect(() => inputsWithKey({}, 'console_request_id', ' ')).toThrow(ProviderError);
  });

  it('picks the provider for a ref, or says which connection is missing', () => {
    const github = { id: 'github-actions', label: 'GitHub Actions' } as PipelineProvider;
    expect(pipelineProviderFor({ 'github-actions': github }, { kind: 'github-actions', owner: 'a', repo: 'b', workflow: 'c.yml' })).toBe(
      github,
    );
    expect(() => pipelineProviderFor({ 'github-actions': github }, { kind: 'gitlab', project: 'x' })).toThrow(
      'No GitLab connection is configured: add one to the workspace to run this pipeline',
    );
  });
});

describe('PipelineRef', () => {
  it('accepts the three kinds and defaults the request id input per kind', () => {
    const github = PipelineRef.parse({ kind: 'github-actions', owner: 'acme', repo: 'db-ops', workflow: 'restore-backup.yml' });
    const gitlab = PipelineRef.parse({ kind: 'gitlab', project: 'network/firewall-as-code' });
    const jenkins = PipelineRef.parse({ kind: 'jenkins', job: 'dns-change', requestIdInput: 'REQUEST' });
    expect([github, gitlab, jenkins].map(requestIdInputOf)).toEqual(['console_request_id', 'CONSOLE_REQUEST_ID', 'REQUEST']);
    expect([github, gitlab, jenkins].map(describePipeline)).toEqual([
      'acme/db-ops restore-backup.yml',
      'GitLab project network/firewall-as-code',
      'Jenkins job dns-change',
    ]);
  });

  it('names the field to fix', () => {
    const issues = (value: unknown) =>
      PipelineRef.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ kind: 'github-actions', owner: 'acme', repo: 'db-ops' })).toEqual([
      'workflow: workflow is required (e.g. restore-backup.yml)',
    ]);
    expect(issues({ kind: 'circleci' })).toEqual(['kind: kind must be "github-actions", "gitlab" or "jenkins"']);
    expect(issues({ kind: 'jenkins', job: 'x', requestIdInput: 'has space' })?.[0]).toMatch(/^requestIdInput: must be a name/);
    expect(issues({ kind: 'gitlab', project: 'x', workflow: 'y' })?.[0]).toMatch(/Unrecognized key/);
  });
});
