/**
 * The run locators: which run URLs each pipeline knows (GitHub Actions run pages, GitHub
 * deployments by API URL, GitLab pipeline pages, Jenkins build pages, each under its
 * configured URL, with a path prefix too), what each one asks its provider for, and that
 * URLs of other hosts, other paths and other pages are refused. The providers here only
 * record what they are asked; reading over HTTP is in test/integration/engine.
 */
import { describe, expect, it } from 'vitest';
import { gitHubRunLocator, gitHubWebUrlOf, runLocatorFor, type RunLocator } from '../../../electron/engine/changes/run-locator';
import type { PipelineProvider, PipelineProviders } from '../../../electron/engine/ports/pipeline';
import type { PipelineKind, PipelineRef, PipelineRun } from '../../../shared/domain/pipeline';

type Asked = ['getRun', PipelineRef, string] | ['getRunOfBuild', PipelineRef, number] | ['getDeploymentOutcome', string, string, string];

/** A provider that records what it is asked to read and answers with a run in progress. */
function recordingProvider(kind: PipelineKind, asked: Asked[]) {
  const run: PipelineRun = {
    id: '1',
    provider: kind,
    status: 'in_progress',
    conclusion: null,
    vendorStatus: 'running',
    url: '',
    startedAt: null,
    finishedAt: null,
    inputs: null,
  };
  const unused = () => Promise.reject(new Error('not asked of a locator'));
  const provider: PipelineProvider = {
    id: kind,
    label: kind,
    dispatch: unused,
    findRunByKey: unused,
    getRunLog: unused,
    getRun: (ref, runId) => {
      asked.push(['getRun', ref, runId]);
      return Promise.resolve(run);
    },
  };
  return provider;
}

function setup(urls: Parameters<typeof runLocatorFor>[1], only?: PipelineKind[]) {
  const asked: Asked[] = [];
  const gitHub = Object.assign(recordingProvider('github-actions', asked), {
    getDeploymentOutcome: (owner: string, repo: string, id: string) => {
      asked.push(['getDeploymentOutcome', owner, repo, id]);
      return Promise.resolve({ status: 'queued' as const, conclusion: null, vendorStatus: 'pending' });
    },
  });
  const jenkins = Object.assign(recordingProvider('jenkins', asked), {
    getRunOfBuild: (ref: PipelineRef, buildNumber: number) => {
      asked.push(['getRunOfBuild', ref, buildNumber]);
      return recordingProvider('jenkins', []).getRun(ref, String(buildNumber));
    },
  });
  const all: PipelineProviders = { 'github-actions': gitHub, gitlab: recordingProvider('gitlab', asked), jenkins };
  const pipelines = only ? Object.fromEntries(only.map((kind) => [kind, all[kind]])) : all;
  const locate = runLocatorFor(pipelines, urls);
  /** What the provider was asked for the URL, or null when no pipeline knows it. */
  const askedFor = async (runUrl: string): Promise<Asked | null> => {
    const located = locate!(runUrl);
    if (!located) return null;
    asked.length = 0;
    await located.read();
    return asked[0] ?? null;
  };
  return { locate, askedFor };
}

describe('gitHubWebUrlOf', () => {
  it("maps GitHub's API URLs to where people open runs", () => {
    expect(gitHubWebUrlOf('https://api.github.com')).toBe('https://github.com');
    expect(gitHubWebUrlOf('https://api.octocorp.ghe.com')).toBe('https://octocorp.ghe.com');
    expect(gitHubWebUrlOf('https://github.acme.internal/api/v3/')).toBe('https://github.acme.internal');
    expect(gitHubWebUrlOf('http://127.0.0.1:4100')).toBe('http://127.0.0.1:4100');
  });
});

describe('runLocatorFor', () => {
  const urls = { github: 'https://api.github.com', gitlab: 'https://gitlab.com', jenkins: 'https://ci.acme.example' };

  it('reads GitHub Actions run pages (and their attempts) as runs of the repository', async () => {
    const { askedFor } = setup(urls);
    const ref = { kind: 'github-actions', owner: 'acme', repo: 'payments-api', workflow: 'run 123' };
    expect(await askedFor('https://github.com/acme/payments-api/actions/runs/123/attempts/2')).toEqual(['getRun', ref, '123']);
    expect(await askedFor('https://github.com/acme/payments-api/actions/runs/123')).toEqual(['getRun', ref, '123']);
    expect(await askedFor(' https://github.com/acme/payments-api/actions/runs/123/?check_suite_focus=true#step:4 ')).toEqual([
      'getRun',
      ref,
      '123',
    ]);
    expect(await askedFor('https://github.com/acme/payments-api/actions/runs/123/job/9')).toBeNull();
    expect(await askedFor('https://github.com/acme/payments-api/actions/runs/latest')).toBeNull();
    expect(await askedFor('https://github.com/acme/actions/runs/123')).toBeNull();
  });

  it('reads GitHub deployments by their API URL, on github.com and on an Enterprise Server', async () => {
    expect(await setup(urls).askedFor('https://api.github.com/repos/acme/payments-api/deployments/2140000001')).toEqual([
      'getDeploymentOutcome',
      'acme',
      'payments-api',
      '2140000001',
    ]);
    const enterprise = setup({ github: 'https://github.acme.internal/api/v3' });
    expect(await enterprise.askedFor('https://github.acme.internal/api/v3/repos/acme/payments-api/deployments/7/')).toEqual([
      'getDeploymentOutcome',
      'acme',
      'payments-api',
      '7',
    ]);
    // Its run pages are at the host's root.
    expect(await enterprise.askedFor('https://github.acme.internal/acme/payments-api/actions/runs/5')).toEqual([
      'getRun',
      { kind: 'github-actions', owner: 'acme', repo: 'payments-api', workflow: 'run 5' },
      '5',
    ]);
    const { askedFor } = setup(urls);
    expect(await askedFor('https://github.com/repos/acme/payments-api/deployments/7')).toBeNull();
    expect(await askedFor('https://api.github.com/repos/acme/payments-api/deployments/7/statuses')).toBeNull();
    expect(await askedFor('https://api.github.com/repos/acme/payments-api/deployments')).toBeNull();
    expect(await askedFor('https://api.github.com/repos/acme/payments-api/actions/runs/7')).toBeNull();
  });

  it("reads GitLab pipeline pages as pipelines of the project's full path, at the instance's root or under a path", async () => {
    expect(await setup(urls).askedFor('https://gitlab.com/payments/platform/payments-api/-/pipelines/1180000042')).toEqual([
      'getRun',
      { kind: 'gitlab', project: 'payments/platform/payments-api' },
      '1180000042',
    ]);
    const prefixed = setup({ gitlab: 'https://code.acme.example/gitlab/' });
    expect(await prefixed.askedFor('https://code.acme.example/gitlab/network/firewall%20rules/-/pipelines/77/')).toEqual([
      'getRun',
      { kind: 'gitlab', project: 'network/firewall rules' },
      '77',
    ]);
    expect(await prefixed.askedFor('https://code.acme.example/network/firewall/-/pipelines/77')).toBeNull();
    const { askedFor } = setup(urls);
    expect(await askedFor('https://gitlab.com/payments-api/-/pipelines/42')).toBeNull(); // a namespace is needed
    expect(await askedFor('https://gitlab.com/payments/payments-api/-/pipelines/42/failures')).toBeNull();
    expect(await askedFor('https://gitlab.com/payments/payments-api/-/jobs/42')).toBeNull();
    expect(await askedFor('https://gitlab.com/payments/payments-api/pipelines/42')).toBeNull();
    expect(await askedFor('https://gitlab.com/payments/payments-api/-/pipelines/latest')).toBeNull();
    expect(await askedFor('https://gitlab.com/payments/a%2Fb/-/pipelines/42')).toBeNull();
  });

  it('reads Jenkins build pages (in folders, and their console) as builds by number', async () => {
    const { askedFor } = setup(urls);
    expect(await askedFor('https://ci.acme.example/job/payments/job/deploy%20api/41/')).toEqual([
      'getRunOfBuild',
      { kind: 'jenkins', job: 'payments/deploy api' },
      41,
    ]);
    expect(await askedFor('https://ci.acme.example/job/dns-change/7/console')).toEqual([
      'getRunOfBuild',
      { kind: 'jenkins', job: 'dns-change' },
      7,
    ]);
    expect(await askedFor('https://ci.acme.example/job/dns-change/')).toBeNull();
    expect(await askedFor('https://ci.acme.example/job/dns-change/lastBuild/')).toBeNull();
    expect(await askedFor('https://ci.acme.example/job/dns-change/7/artifact/out.txt')).toBeNull();
    expect(await askedFor('https://ci.acme.example/queue/item/5001/')).toBeNull();
    expect(await askedFor('https://ci.acme.example/41/')).toBeNull();
    const prefixed = setup({ jenkins: 'https://tools.acme.example/jenkins' });
    expect(await prefixed.askedFor('https://tools.acme.example/jenkins/job/dns-change/7/')).toEqual([
      'getRunOfBuild',
      { kind: 'jenkins', job: 'dns-change' },
      7,
    ]);
    expect(await prefixed.askedFor('https://tools.acme.example/job/dns-change/7/')).toBeNull();
    expect(await prefixed.askedFor('https://tools.acme.example/jenkinsx/job/dns-change/7/')).toBeNull();
  });

  it('refuses URLs of other hosts, schemes and ports, and what is not a URL', async () => {
    const { locate } = setup(urls);
    for (const elsewhere of [
      'https://github.example.com/acme/payments-api/actions/runs/123',
      'http://github.com/acme/payments-api/actions/runs/123',
      'https://gitlab.com:8443/payments/payments-api/-/pipelines/42',
      'https://gitlab.example.com/payments/payments-api/-/pipelines/42',
      'https://ci.example.com/job/payments/41/',
      'https://ci.acme.example.evil.example/job/dns-change/7/',
      'https://api.github.com.evil.example/repos/acme/payments-api/deployments/7',
      'not a url',
      '',
    ]) {
      expect(locate!(elsewhere), elsewhere).toBeNull();
    }
  });

  it('knows only the configured pipelines, and nothing without any', async () => {
    const { locate } = setup(urls, ['gitlab']);
    expect(locate!('https://gitlab.com/payments/payments-api/-/pipelines/42')).not.toBeNull();
    expect(locate!('https://github.com/acme/payments-api/actions/runs/123')).toBeNull();
    expect(locate!('https://ci.acme.example/job/dns-change/7/')).toBeNull();
    // A pipeline without its URL is left out (GitHub's defaults to api.github.com).
    expect(setup({}, ['gitlab', 'jenkins']).locate).toBeUndefined();
    expect(setup({}, ['github-actions']).locate!('https://github.com/acme/payments-api/actions/runs/123')).not.toBeNull();
    expect(runLocatorFor({}, urls)).toBeUndefined();
  });

  it('leaves Jenkins out when its provider cannot read builds by number, and GitHub deployments likewise', async () => {
    const plain: PipelineProviders = {
      jenkins: recordingProvider('jenkins', []),
      'github-actions': recordingProvider('github-actions', []),
    };
    const locate = runLocatorFor(plain, urls) as RunLocator;
    expect(locate('https://ci.acme.example/job/dns-change/7/')).toBeNull();
    expect(locate('https://api.github.com/repos/acme/payments-api/deployments/7')).toBeNull();
    expect(locate('https://github.com/acme/payments-api/actions/runs/123')).not.toBeNull();
  });
});

describe('gitHubRunLocator', () => {
  it('reads run pages under a web URL with a path', async () => {
    const asked: Asked[] = [];
    const locate = gitHubRunLocator(recordingProvider('github-actions', asked), 'https://tools.acme.example/github/');
    await locate('https://tools.acme.example/github/acme/db-ops/actions/runs/9')?.read();
    expect(asked).toEqual([['getRun', { kind: 'github-actions', owner: 'acme', repo: 'db-ops', workflow: 'run 9' }, '9']]);
    expect(locate('https://tools.acme.example/acme/db-ops/actions/runs/9')).toBeNull();
  });
});
